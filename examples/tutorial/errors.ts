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
// is replaced. A tsgi body can also fail while it streams, so catchBody
// handles that too: before the first byte it answers the same page; after
// it, the error is re-thrown so the server aborts the connection instead of
// ending a truncated response cleanly (SPEC §7.4). Put it outermost
// (compose(app, errorMiddleware, …)) so it also catches the other
// middleware's failures. HttpErrors that may be shown (4xx) keep their
// status and message.
import { HttpError, catchBody, statusLine, type Chunk, type Environ, type Middleware, type StartResponse } from "@tsgi/core";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function errorPage(error: unknown, environ: Environ, startResponse: StartResponse): Chunk[] {
  const exposed = error instanceof HttpError && error.expose;
  const status = exposed ? statusLine(error.status) : "500 Internal Server Error";
  if (!exposed) environ["tsgi.errors"].write(`error_middleware: ${String((error as Error)?.stack ?? error)}\n`);
  startResponse(status, [["Content-type", "text/plain"]], error);
  return [encode(exposed ? error.message : "Something went wrong")];
}

export const errorMiddleware: Middleware = (app) => async (environ, startResponse) => {
  let body;
  try {
    body = await app(environ, startResponse);
  } catch (error) {
    return errorPage(error, environ, startResponse);
  }
  return catchBody(body, (error, { headersSent }) => {
    if (headersSent) throw error;
    return errorPage(error, environ, startResponse);
  });
};
