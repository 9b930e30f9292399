/**
 * The tsgi "hello world", after PEP 3333's simple_app and its middleware
 * example, written the way tsgi wants middleware written: it streams, it
 * passes close() on, and it keeps Content-Length true.
 */
import {
  callApp,
  closeBody,
  getHeader,
  mapBody,
  setHeader,
  statusCode,
  statusHasNoBody,
  type App,
  type Middleware,
} from "@tsgi/core";

const encoder = new TextEncoder();
const encode = (text: string): Uint8Array => encoder.encode(text);

/** The simplest tsgi app: one status, one header, one chunk. */
export const simpleApp: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-type", "text/plain; charset=utf-8"]]);
  return [encode("Hello world!\n")];
};

const SUFFIX = encode(" -- Modified by middleware");

/**
 * Appends " -- Modified by middleware" to every response that has a body.
 * callApp waits until the inner app has started its response, so the
 * headers can still be changed; mapBody streams the inner body chunk by
 * chunk, adds the suffix at the end, and closes the inner body exactly once.
 */
export const simpleMiddleware: Middleware = (app) => async (environ, startResponse) => {
  const { status, headers, body } = await callApp(app, environ);
  if (statusHasNoBody(statusCode(status))) {
    startResponse(status, headers);
    return body;
  }
  // The body grows, so a declared length must grow with it.
  const length = getHeader(headers, "Content-Length");
  if (length !== undefined) setHeader(headers, "Content-Length", String(Number(length) + SUFFIX.byteLength));
  startResponse(status, headers);
  if (Array.isArray(body)) {
    // A complete body stays an Array, so the server can still send it in one
    // write with a Content-Length; close() still reaches the inner body.
    return Object.assign([...(body as Uint8Array[]), SUFFIX], { close: () => closeBody(body) });
  }
  return mapBody(body, (chunk) => chunk, { flush: () => SUFFIX });
};

/** The app the example serves: simpleApp wrapped in simpleMiddleware. */
export const app: App = simpleMiddleware(simpleApp);
