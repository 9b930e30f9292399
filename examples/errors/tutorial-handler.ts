// The WSGI tutorial's error handler, translated as it stands:
//
// def error_middleware(app):
//     def wrapped(environ, start_response):
//         try:
//             return app(environ, start_response)
//         except Exception as e:
//             start_response('500 Internal Server Error', [('Content-type', 'text/plain')])
//             return [b'Internal Server Error: ' + str(e).encode()]
//     return wrapped
//
// Kept here only so the tests can show what goes wrong with it; use
// `handler.ts` instead. Its faults:
//  1. it sends the error's message to every client (passwords, SQL, paths);
//  2. it sees only errors raised before the app returns: an error while the
//     body is iterated (a generator, a stream) escapes it;
//  3. it ignores exc_info, so after an app that had already called
//     start_response it calls it a second time without it (a spec error);
//  4. every error becomes a 500, even a 404 the app meant to send;
//  5. it logs nothing, so the error is gone once the client has read it.
import type { Middleware } from "@tsgi/core";

export const tutorialErrorMiddleware: Middleware = (app) => async (environ, startResponse) => {
  try {
    return await app(environ, startResponse);
  } catch (error) {
    startResponse("500 Internal Server Error", [["Content-type", "text/plain"]]);
    return [new TextEncoder().encode(`Internal Server Error: ${String(error)}`)];
  }
};
