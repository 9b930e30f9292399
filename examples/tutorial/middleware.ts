// The tutorial's middleware that appends to every response:
//
// class SimpleMiddleware:
//     def __init__(self, app): self.app = app
//     def __call__(self, environ, start_response):
//         for chunk in self.app(environ, start_response): yield chunk
//         yield b' -- Modified by middleware'
//
// Done correctly for tsgi (SPEC §7): callApp waits for the inner app's
// startResponse so the headers can still change; Content-Length grows by the
// suffix (§7.3) and the ETag goes, since the bytes mean something else now;
// 204/304 (no body) and 206 (a byte range) pass through untouched; respond()
// closes the inner body if the server refuses the headers; onLateStart lets an
// error handler inside replace the response before its first byte (§7.4);
// mapBody streams and passes return()/close() on once (§7.1, §7.2).
import { callApp, deleteHeader, getHeader, mapBody, respond, setHeader, statusHasNoBody, type HeaderList, type Middleware } from "@tsgi/core";

const SUFFIX = new TextEncoder().encode(" -- Modified by middleware");

function withSuffix(headers: HeaderList): HeaderList {
  const length = getHeader(headers, "Content-Length");
  if (length !== undefined) setHeader(headers, "Content-Length", String(Number(length) + SUFFIX.byteLength));
  deleteHeader(headers, "ETag");
  return headers;
}

export const simpleMiddleware: Middleware = (app) => async (environ, startResponse) => {
  const { status, code, headers, body } = await callApp(app, environ, {
    onLateStart: (lateStatus, lateHeaders, excInfo) => startResponse(lateStatus, withSuffix(lateHeaders), excInfo),
  });
  if (statusHasNoBody(code) || code === 206) return respond(startResponse, status, headers, body);
  return respond(startResponse, status, withSuffix(headers), mapBody(body, (chunk) => chunk, { flush: () => SUFFIX }));
};
