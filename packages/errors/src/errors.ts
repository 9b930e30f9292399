import { callApp, catchBody, respond, type App, type AppResponse, type Body, type Environ, type HeaderList, type StartResponse } from "@tsgi/core";
import { errorAnswer, type ErrorAnswer, type ErrorContext } from "./error-response.js";
import { guardClose } from "./guard-close.js";
import { resolveOptions, type ErrorsOptions, type ResolvedOptions } from "./options.js";
import { reportError, type RequestFacts } from "./report-error.js";
import { requestId } from "./request-id.js";
import { withStatusPage } from "./status-pages.js";

/**
 * Wraps `app` so that every error it raises — thrown, rejected, while its
 * body is iterated, or by its body's close() — is answered safely and logged
 * exactly once. Before the first body byte the client gets an error page
 * (RFC 9457 JSON, HTML or text by Accept) that shows no message or stack
 * unless the error is exposed or `debug` is on; after it, the error is
 * re-thrown so the server aborts the connection and the client sees an
 * incomplete response instead of a clean end.
 */
export function errors(app: App, options: ErrorsOptions = {}): App {
  if (typeof app !== "function") throw new TypeError("errors: app must be a function");
  const resolved = resolveOptions(options);
  return async (environ, startResponse) => {
    const request = captureRequest(environ);
    const call = new WatchedCall(app, resolved, request);
    let response: AppResponse | ErrorAnswer;
    try {
      response = await callApp(call.app, environ, {
        // An error handler inside replaced its response before a byte went out: pass it on.
        onLateStart: (status, headers, excInfo) => {
          startResponse(status, headers, excInfo);
          call.started = headers;
        },
      });
      if (resolved.statusPages !== false) response = await withStatusPage(resolved, request, response);
    } catch (error) {
      response = await errorAnswer(error, { options: resolved, request, started: call.started, phase: "app" });
      startResponse(response.status, response.headers, excInfoOf(error));
      return response.body;
    }
    const context: ErrorContext = { options: resolved, request, started: response.headers, phase: "body", sent: Number(response.status.slice(0, 3)) };
    const body = guardBody(response.body, context, startResponse);
    return respond(startResponse, response.status, response.headers, body);
  };
}

/**
 * The inner app as callApp calls it: the headers it starts are remembered
 * (a failure after startResponse keeps its CORS and Vary headers on the error
 * page), its result is checked to be a body, and its body's close() errors
 * are logged instead of thrown. By then the response is complete or being
 * torn down, so a throw would only make the server log the error again, or
 * cut off a response that was sent in full.
 */
class WatchedCall {
  started: HeaderList | undefined;
  #status = 500;
  readonly #app: App;
  readonly #options: ResolvedOptions;
  readonly #request: RequestFacts;

  constructor(app: App, options: ResolvedOptions, request: RequestFacts) {
    this.#app = app;
    this.#options = options;
    this.#request = request;
  }

  readonly app: App = (environ, startResponse) => {
    const result = this.#app(environ, (status, headers, excInfo) => {
      startResponse(status, headers, excInfo);
      this.started = headers;
      this.#status = Number(status.slice(0, 3));
    });
    return isThenable(result) ? Promise.resolve(result).then(this.#watch) : this.#watch(result);
  };

  readonly #watch = (body: Body): Body => {
    if (typeof body !== "object" || body === null) {
      throw new TypeError(`the app returned ${String(body)} instead of a body (SPEC [app.body-type])`);
    }
    return guardClose(body, (error) => {
      const id = requestId(this.#request.environ[this.#options.requestIdKey]);
      reportError(this.#options, this.#request, error, { status: this.#status, requestId: id, headersSent: true, phase: "close" });
    });
  };
}

function captureRequest(environ: Environ): RequestFacts {
  const query = environ.QUERY_STRING;
  const path = `${environ.SCRIPT_NAME}${environ.PATH_INFO}${query ? `?${query}` : ""}`;
  return { environ, method: environ.REQUEST_METHOD, path, errors: environ["tsgi.errors"], input: environ["tsgi.input"] };
}

/**
 * The app's body, watched while it streams: an error before the first byte
 * becomes an error page (startResponse again, with excInfo); after it, the
 * error is logged and re-thrown so the server aborts. Array bodies cannot
 * fail while iterated, so catchBody keeps them Arrays (the server's fast path).
 */
function guardBody(body: Body, context: ErrorContext, startResponse: StartResponse): Body {
  if (Array.isArray(body)) return body;
  return catchBody(body, async (error, info) => {
    if (info.headersSent) return abort(error, context);
    const answer = await errorAnswer(error, context);
    startResponse(answer.status, answer.headers, excInfoOf(error));
    return answer.body;
  });
}

function abort(error: unknown, context: ErrorContext): never {
  const { options, request } = context;
  const id = requestId(request.environ[options.requestIdKey]);
  reportError(options, request, error, { status: context.sent ?? 500, requestId: id, headersSent: true, phase: "body" });
  throw error;
}

/** excInfo must not be undefined (SPEC §5.4), but `throw undefined` is legal JavaScript. */
function excInfoOf(error: unknown): unknown {
  return error === undefined ? new Error("undefined was thrown") : error;
}

function isThenable(value: unknown): value is PromiseLike<Body> {
  return typeof (value as PromiseLike<Body> | undefined)?.then === "function";
}
