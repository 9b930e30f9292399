import { callApp, catchBody, respond, type App, type AppResponse, type Body, type HeaderList } from "@tsgi/core";
import { errorAnswer, type ErrorAnswer, type ErrorContext } from "./error-response.js";
import { resolveOptions, type ErrorsOptions, type ResolvedOptions } from "./options.js";
import { captureRequest, reportError } from "./report-error.js";
import { requestIdOf } from "./request-id.js";
import { ResponseAbortedError } from "./response-aborted-error.js";
import { withStatusPage } from "./status-pages.js";
import { WatchedCall } from "./watched-call.js";

/**
 * Wraps `app` so that every error it raises — thrown, rejected, while its
 * body is iterated, or by its body's close() — is answered safely and logged
 * exactly once. Before the first body byte the client gets an error page
 * (RFC 9457 JSON, HTML or text by Accept) that shows no message or stack
 * unless the error is exposed or `debug` is on; after it, the error is
 * logged and a ResponseAbortedError (its cause: the error) is thrown so the
 * server aborts the connection and the client sees an incomplete response
 * instead of a clean end.
 */
export function errors(app: App, options: ErrorsOptions = {}): App {
  if (typeof app !== "function") throw new TypeError("errors: app must be a function");
  const resolved = resolveOptions(options);
  return (environ, startResponse) => {
    const call = new WatchedCall(app, resolved, captureRequest(environ), startResponse);
    let result: ReturnType<App>;
    try {
      result = call.start(environ);
      // The common case — the app started its response and returned an Array —
      // needs neither callApp's wait for a lazy start nor a watched body, so it
      // stays synchronous, as fast as the bare app.
      const { status, headers } = call;
      if (status !== undefined && Array.isArray(result) && !needsStatusPage(resolved, status)) {
        return passOn(call, status, headers!, call.guard(result));
      }
    } catch (error) {
      return answerError(call, error);
    }
    return general(call, result);
  };
}

/** Every other case, on core's callApp: async apps, lazy starts, streamed bodies, status pages. */
async function general(call: WatchedCall, result: ReturnType<App>): Promise<Body> {
  const { options, request, startResponse } = call;
  let response: AppResponse | ErrorAnswer;
  try {
    response = await callApp(call.replay(result), request.environ, {
      // An error handler inside replaced its response before a byte went out: pass it on.
      onLateStart: (status, headers, excInfo) => {
        startResponse(status, headers, excInfo);
        call.started = headers;
      },
    });
    if (options.statusPages !== false) response = await withStatusPage(options, request, response);
  } catch (error) {
    return answerError(call, error);
  }
  const sent = Number(response.status.slice(0, 3));
  const context: ErrorContext = { options, request, started: response.headers, phase: "body", sent };
  return passOn(call, response.status, response.headers, watchBody(response.body, context, call));
}

/**
 * Passes the response on with core's respond(). A server refuses a head it
 * cannot send (a hop-by-hop header, CR/LF in a value) by throwing from
 * startResponse; respond() then closes the body, and the refusal is answered
 * like any other app error, with an error page and one log line.
 */
function passOn(call: WatchedCall, status: string, headers: HeaderList, body: Body): Body | Promise<Body> {
  const passed = respond(call.startResponse, status, headers, body);
  return passed instanceof Promise ? passed.catch((error: unknown) => answerError(call, error)) : passed;
}

/** An error before any byte went out: the error page, through startResponse with excInfo (SPEC §5.4). */
async function answerError(call: WatchedCall, error: unknown): Promise<Body> {
  const answer = await errorAnswer(error, { options: call.options, request: call.request, started: call.started, phase: "app" });
  call.startResponse(answer.status, answer.headers, excInfoOf(error));
  return answer.body;
}

function needsStatusPage(options: ResolvedOptions, status: string): boolean {
  return options.statusPages !== false && status.charCodeAt(0) >= 52; // '4' or '5'
}

/**
 * The app's body, watched while it streams: an error before the first byte
 * becomes an error page (startResponse again, with excInfo); after it, the
 * error is logged and the server is made to abort (see abort()). Array bodies cannot
 * fail while iterated, so they keep the server's fast path.
 */
function watchBody(body: Body, context: ErrorContext, call: WatchedCall): Body {
  if (Array.isArray(body)) return body;
  return catchBody(body, async (error, info) => {
    if (info.headersSent) return abort(error, context);
    const answer = await errorAnswer(error, context);
    call.startResponse(answer.status, answer.headers, excInfoOf(error));
    return answer.body;
  });
}

/**
 * Logs the error and throws a one-line ResponseAbortedError (the error as its
 * cause), so the server aborts without logging the stack a second time. One
 * from an errors() inside was logged there, and is passed on as it is.
 */
function abort(error: unknown, context: ErrorContext): never {
  if (ResponseAbortedError.is(error)) throw error;
  const { options, request } = context;
  const id = requestIdOf(request, options.requestIdKey);
  reportError(options, request, error, { status: context.sent ?? 500, requestId: id, headersSent: true, phase: "body" });
  throw new ResponseAbortedError(error, id);
}

/** excInfo must not be undefined (SPEC §5.4), but `throw undefined` is legal JavaScript. */
function excInfoOf(error: unknown): unknown {
  return error === undefined ? new Error("undefined was thrown") : error;
}
