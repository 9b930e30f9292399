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
  type HeaderList,
  type Middleware,
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
  const { status, code, headers, body } = await callApp(app, environ, {
    onLateStart: (lateStatus, lateHeaders, excInfo) => startResponse(lateStatus, appendingSuffix(lateHeaders), excInfo),
  });
  if (statusHasNoBody(code) || code === 206) return respond(startResponse, status, headers, body);
  return respond(startResponse, status, appendingSuffix(headers), mapBody(body, (chunk) => chunk, { flush: () => SUFFIX }));
};

/** The app the example serves: simpleApp wrapped in simpleMiddleware. */
export const app: App = simpleMiddleware(simpleApp);
