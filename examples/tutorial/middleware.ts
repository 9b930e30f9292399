// The tutorial's middleware that appends to every response:
//
// class SimpleMiddleware:
//     def __init__(self, app): self.app = app
//     def __call__(self, environ, start_response):
//         for chunk in self.app(environ, start_response): yield chunk
//         yield b' -- Modified by middleware'
//
// Done correctly for tsgi: it must also fix Content-Length (the body grew)
// and pass close() on. callApp waits for the inner app's startResponse so the
// headers can still change; mapBody streams and closes the inner body once.
import { callApp, deleteHeader, mapBody, statusCode, statusHasNoBody, type Middleware } from "@tsgi/core";

const SUFFIX = new TextEncoder().encode(" -- Modified by middleware");

export const simpleMiddleware: Middleware = (app) => async (environ, startResponse) => {
  const { status, headers, body } = await callApp(app, environ);
  if (statusHasNoBody(statusCode(status))) {
    startResponse(status, headers);
    return body;
  }
  deleteHeader(headers, "Content-Length");
  startResponse(status, headers);
  return mapBody(body, (chunk) => chunk, { flush: () => SUFFIX });
};
