import type { App, Environ } from "@tsgi/core";

export const utf8 = new TextEncoder();

/** A promise with its resolve handle, to hold an app at a known point. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Answers 200 text/plain with `text`. */
export function textApp(text: string, extraHeaders: [string, string][] = []): App {
  return (_environ, startResponse) => {
    const body = utf8.encode(text);
    startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", String(body.byteLength)], ...extraHeaders]);
    return [body];
  };
}

/** What the echo app reports about the request it received. */
export interface Echo {
  method: string;
  scriptName: string;
  pathInfo: string;
  query: string;
  contentType: string | null;
  contentLength: string | null;
  headers: Record<string, string>;
  body: string;
}

/** Answers with a JSON description of the request, body included (as latin-1 of its bytes). */
export const echoApp: App = async (environ, startResponse) => {
  const chunks: number[] = [];
  for await (const chunk of environ["tsgi.input"]) chunks.push(...chunk);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(environ)) {
    if (key.startsWith("HTTP_") && typeof value === "string") headers[key] = value;
  }
  const echo: Echo = {
    method: environ.REQUEST_METHOD,
    scriptName: environ.SCRIPT_NAME,
    pathInfo: environ.PATH_INFO,
    query: environ.QUERY_STRING,
    contentType: environ.CONTENT_TYPE ?? null,
    contentLength: environ.CONTENT_LENGTH ?? null,
    headers,
    body: new TextDecoder().decode(new Uint8Array(chunks)),
  };
  const body = utf8.encode(JSON.stringify(echo));
  startResponse("200 OK", [["Content-Type", "application/json"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

/** The raw request body bytes, answered as application/octet-stream. */
export const rawEchoApp: App = async (environ: Environ, startResponse) => {
  const parts: Uint8Array[] = [];
  for await (const chunk of environ["tsgi.input"]) parts.push(chunk);
  startResponse("200 OK", [
    ["Content-Type", environ.CONTENT_TYPE ?? "application/octet-stream"],
    ["X-Chunks", String(parts.length)],
  ]);
  return parts;
};
