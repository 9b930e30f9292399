import { callApp, catchBody, statusCode, type App, type AppResponse, type Body, type Environ, type HeaderList, type StartResponse } from "@tsgi/core";
import { errorAnswer, type ErrorAnswer, type ErrorContext } from "./error-response.js";
import { guardClose } from "./guard-close.js";
import { resolveOptions, type ErrorsOptions } from "./options.js";
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
    let started: HeaderList | undefined;
    // Remember the headers the app started, so a failure after startResponse
    // keeps its CORS and Vary headers on the error page.
    const recording: App = (env, start) =>
      app(env, (status, headers, excInfo) => {
        start(status, headers, excInfo);
        started = headers;
      });
    let response: AppResponse | ErrorAnswer;
    try {
      response = await callApp(recording, environ);
      if (typeof response.body !== "object" || response.body === null) {
        throw new TypeError(`the app returned ${String(response.body)} instead of a body (SPEC [app.body-type])`);
      }
      if (resolved.statusPages !== false) response = await withStatusPage(resolved, request, response);
    } catch (error) {
      response = await errorAnswer(error, { options: resolved, request, started, phase: "app" });
      startResponse(response.status, response.headers, excInfoOf(error));
      return response.body;
    }
    startResponse(response.status, response.headers);
    return guardBody(response, { options: resolved, request, started: response.headers, phase: "body" }, startResponse);
  };
}

function captureRequest(environ: Environ): RequestFacts {
  const query = environ.QUERY_STRING;
  const path = `${environ.SCRIPT_NAME}${environ.PATH_INFO}${query ? `?${query}` : ""}`;
  return { environ, method: environ.REQUEST_METHOD, path, errors: environ["tsgi.errors"], input: environ["tsgi.input"] };
}

/**
 * The app's body, watched: an error before the first byte becomes an error
 * page (startResponse again, with excInfo); after it, the error is logged and
 * re-thrown. close() errors are logged, never thrown. Array bodies cannot
 * fail while iterated, so they keep their fast path.
 */
function guardBody(response: AppResponse | ErrorAnswer, context: ErrorContext, startResponse: StartResponse): Body {
  const { options, request } = context;
  const sent = statusCode(response.status);
  const body = guardClose(response.body, (error) => {
    const id = requestId(request.environ[options.requestIdKey]);
    reportError(options, request, error, { status: sent, requestId: id, headersSent: true, phase: "close" });
  });
  if (Array.isArray(body)) return body;
  return catchBody(body, async (error, info) => {
    if (info.headersSent) return abort(error, context, sent);
    const answer = await errorAnswer(error, context);
    startResponse(answer.status, answer.headers, excInfoOf(error));
    return answer.body;
  });
}

function abort(error: unknown, context: ErrorContext, sent: number): never {
  const { options, request } = context;
  const id = requestId(request.environ[options.requestIdKey]);
  reportError(options, request, error, { status: sent, requestId: id, headersSent: true, phase: "body" });
  throw error;
}

/** excInfo must not be undefined (SPEC §5.4), but `throw undefined` is legal JavaScript. */
function excInfoOf(error: unknown): unknown {
  return error === undefined ? new Error("undefined was thrown") : error;
}
