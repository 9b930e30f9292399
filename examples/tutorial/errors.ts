// A try/except error handler, as in the tutorial:
//
// def error_middleware(app):
//     def wrapped(environ, start_response):
//         try:
//             return app(environ, start_response)
//         except Exception:
//             start_response('500 Internal Server Error',
//                            [('Content-type', 'text/plain')], sys.exc_info())
//             return [b'Something went wrong']
//     return wrapped
//
// In tsgi the inner app may be async, so `await` it inside the try. excInfo
// is the caught error: if the inner app had already started a response, it
// is replaced; had bytes gone out, startResponse would re-throw the error.
// HttpErrors that may be shown (4xx) keep their status and message.
import { HttpError, statusLine, type Middleware } from "@tsgi/core";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export const errorMiddleware: Middleware = (app) => async (environ, startResponse) => {
  try {
    return await app(environ, startResponse);
  } catch (error) {
    const exposed = error instanceof HttpError && error.expose;
    const status = exposed ? statusLine(error.status) : "500 Internal Server Error";
    if (!exposed) environ["tsgi.errors"].write(`error_middleware: ${String((error as Error)?.stack ?? error)}\n`);
    startResponse(status, [["Content-type", "text/plain"]], error);
    return [encode(exposed ? error.message : "Something went wrong")];
  }
};
