import type { Body, HeaderList, StartResponse } from "@tsgi/core";

const encoder = new TextEncoder();

/** A fixed short text response, encoded once when the middleware is built. */
export interface PlainResponse {
  readonly status: string;
  readonly bytes: Uint8Array;
  readonly length: string;
}

export function plainResponse(status: string): PlainResponse {
  const bytes = encoder.encode(`${status}\n`);
  return { status, bytes, length: String(bytes.byteLength) };
}

/**
 * Sends `response` with `extra` headers first (Allow). The header list is new
 * on every call, since a server may change the list it is given.
 */
export function sendPlain(startResponse: StartResponse, response: PlainResponse, extra: HeaderList = []): Body {
  startResponse(response.status, [
    ...extra,
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", response.length],
  ]);
  return [response.bytes];
}
