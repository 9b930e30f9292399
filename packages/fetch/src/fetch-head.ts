import { checkResponseHead, describeValue, statusCode, type AcceptHead, type StartedHead } from "@tsgi/core";
import { latin1ToHeader, type HeaderEncoding } from "./header-bytes.js";

/** The status and headers as a fetch Response takes them. */
export interface FetchHead {
  code: number;
  reason: string;
  headers: Headers;
  /** The app's Content-Length, or -1 when it set none. */
  declaredLength: number;
}

/**
 * What the bridge's startResponse keeps. It refuses, inside the app's call, a
 * status that is not one and headers that are not an Array; the full check
 * runs once the headers are final (`toFetchHead`).
 */
export const acceptHead: AcceptHead<StartedHead> = (status, headers) => {
  statusCode(status);
  if (!Array.isArray(headers)) {
    throw new TypeError(`startResponse headers must be an array of [name, value] pairs, got ${describeValue(headers)}`);
  }
  return { status, headers };
};

/** Checks the final head (SPEC §5) and turns it into a Response's status and Headers. */
export function toFetchHead(head: StartedHead, encoding: HeaderEncoding): FetchHead {
  // checkResponseHead also refuses 1xx and codes over 599, which a Response cannot carry.
  const { code, reason, contentLength } = checkResponseHead(head.status, head.headers);
  const headers = new Headers();
  // Headers takes latin-1 values as the byte strings they are (workerd wants
  // them as UTF-8 text).
  for (const [name, value] of head.headers) headers.append(name, latin1ToHeader(value, encoding));
  return { code, reason, headers, declaredLength: contentLength };
}

/** A short text/plain answer of the bridge's own: 500 for app errors, 400 for a request that cannot become an environ. */
export function plainResponse(status: number, message?: string): Response {
  const text = message ?? (status === 500 ? "Internal Server Error" : "Bad Request");
  return new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
