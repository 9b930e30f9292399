// The same handler done right: `errors(app)` from @tsgi/errors.
//  1. production pages say the reason phrase, or the message of an error
//     marked expose (a 4xx HttpError), never a stack; the message goes to
//     the log, in one line with the request id;
//  2. errors while the body streams are caught too: before the first byte
//     they become an error page, after it the connection is aborted so the
//     client sees an incomplete response, never a clean end;
//  3. a response the app had started is replaced with excInfo (SPEC §5.4);
//  4. err.status / err.statusCode (4xx/5xx) and err.headers are honoured;
//  5. problem+json, HTML or text by Accept, with nosniff, CSP and no-store.
import type { Middleware } from "@tsgi/core";
import { errors } from "@tsgi/errors";

export const errorMiddleware: Middleware = (app) => errors(app);

/** The development variant: the error chain, TypeScript stacks with source, the environ (secrets masked). */
export const debugErrorMiddleware: Middleware = (app) => errors(app, { debug: true });
