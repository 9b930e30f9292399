/**
 * The tsgi "hello world", after PEP 3333's simple_app and its middleware
 * example, written the way tsgi wants middleware written: it streams, it
 * passes close() on, and it keeps Content-Length true.
 */
import {
  callApp,
  deleteHeader,
  getHeader,
  mapBody,
  respond,
  setHeader,
  statusHasNoBody,
  type App,
  type CallAppOptions,
  type Chunk,
  type HeaderList,
  type MapBodyOptions,
  type Middleware,
  type StartResponse,
} from "@tsgi/core";

const encoder = new TextEncoder();
const encode = (text: string): Uint8Array => encoder.encode(text);

// Python's b"Hello world!\n" is a constant: encoded once, every response sends the same bytes.
const HELLO = encode("Hello world!\n");

/** The simplest tsgi app: one status, one header, one chunk. */
export const simpleApp: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-type", "text/plain; charset=utf-8"]]);
  return [HELLO];
};

const SUFFIX = encode(" -- Modified by middleware");

/** The body grows by the suffix, so a declared length grows too; the old ETag no longer names these bytes. */
function appendingSuffix(headers: HeaderList): HeaderList {
  const length = getHeader(headers, "Content-Length");
  if (length !== undefined) setHeader(headers, "Content-Length", String(Number(length) + SUFFIX.byteLength));
  deleteHeader(headers, "ETag");
  return headers;
}

// The body's steps are made once, and the restart handler by a function, not
// written inline per request: `tsgi serve` loads .ts apps with tsx, whose
// esbuild keepNames wraps every named function expression in a __name() call
// that costs ~0.4 µs each time it runs (bench/README.md, #22).
const unchanged = (chunk: Chunk): Chunk => chunk;
const suffixAtEnd: MapBodyOptions = { flush: () => SUFFIX };

/** A restart from inside (an error page) gets the same header edits. */
function restartWithSuffix(startResponse: StartResponse): NonNullable<CallAppOptions["onLateStart"]> {
  return (status, headers, excInfo) => startResponse(status, appendingSuffix(headers), excInfo);
}

/**
 * Appends " -- Modified by middleware" to every response that has a whole
 * body (not 204/304, not a 206 byte range). callApp waits until the inner app
 * has started its response, so the headers can still change, and passes on a
 * later restart with excInfo (an error handler inside answering instead);
 * mapBody streams chunk by chunk (an Array body stays an Array, so the server
 * still sends it in one write) and adds the suffix at the end; respond()
 * closes the inner body if the server refuses the headers.
 */
export const simpleMiddleware: Middleware = (app) => async (environ, startResponse) => {
  const { status, code, headers, body } = await callApp(app, environ, { onLateStart: restartWithSuffix(startResponse) });
  if (statusHasNoBody(code) || code === 206) return respond(startResponse, status, headers, body);
  return respond(startResponse, status, appendingSuffix(headers), mapBody(body, unchanged, suffixAtEnd));
};

/** The app the example serves: simpleApp wrapped in simpleMiddleware. */
export const app: App = simpleMiddleware(simpleApp);
