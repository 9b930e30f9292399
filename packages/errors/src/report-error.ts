import type { Environ, ErrorStream, InputStream } from "@tsgi/core";
import { stackOf } from "./describe-thrown.js";
import { formatLogLine } from "./log-line.js";
import type { ErrorInfo, ResolvedOptions } from "./options.js";
import { errorChain } from "./error-chain.js";

/** The request as it arrived, captured before the app could rewrite the environ. */
export interface RequestFacts {
  environ: Environ;
  method: string;
  scriptName: string;
  pathInfo: string;
  query: string;
  errors: ErrorStream | undefined;
  input: InputStream | undefined;
  /** Set on the request's first error (requestIdOf). */
  requestId: string | undefined;
}

/** The environ's values are copied on every request; the path is only put together for a log line. */
export function captureRequest(environ: Environ): RequestFacts {
  return {
    environ,
    method: environ.REQUEST_METHOD,
    scriptName: environ.SCRIPT_NAME,
    pathInfo: environ.PATH_INFO,
    query: environ.QUERY_STRING,
    errors: environ["tsgi.errors"],
    input: environ["tsgi.input"],
    requestId: undefined,
  };
}

function requestPath(request: RequestFacts): string {
  return `${request.scriptName}${request.pathInfo}${request.query ? `?${request.query}` : ""}`;
}

const OUTCOME: Record<ErrorInfo["phase"], [page: string, aborted: string]> = {
  app: ["answered with an error page", "aborted the response"],
  body: ["answered with an error page", "aborted the response mid-body"],
  close: ["close() failed after the response", "close() failed after the response"],
};

/**
 * Logs one error exactly once: one line (method, path, status, request id,
 * the stack and its causes) to `log`, then `onError`. Nothing here may throw
 * into the response: a failing sink or onError is caught and written to
 * tsgi.errors as one more line.
 */
export function reportError(options: ResolvedOptions, request: RequestFacts, error: unknown, info: Omit<ErrorInfo, "line">): void {
  const line = formatLogLine({
    status: info.status,
    method: request.method,
    path: requestPath(request),
    requestId: info.requestId,
    outcome: OUTCOME[info.phase][info.headersSent ? 1 : 0],
    stack: chainText(error),
  });
  try {
    if (options.log === true) request.errors?.write(line);
    else if (typeof options.log === "function") options.log(line, request.environ);
  } catch (sinkError) {
    writeFallback(request, "the log function threw", sinkError);
  }
  if (options.onError === undefined) return;
  try {
    const result = options.onError(error, request.environ, { ...info, line });
    if (isThenable(result)) result.then(undefined, (hookError: unknown) => writeFallback(request, "onError rejected", hookError));
  } catch (hookError) {
    writeFallback(request, "onError threw", hookError);
  }
}

/** The stack of the error, then its causes, in one text. */
function chainText(error: unknown): string {
  const links = errorChain(error);
  return links
    .map((link, i) => (i === 0 ? stackOf(error) : `[${link.relation}] ${link.stack || `${link.name}: ${link.message}`}`))
    .join("\n");
}

function writeFallback(request: RequestFacts, what: string, error: unknown): void {
  try {
    const line = formatLogLine({
      status: 500, method: request.method, path: requestPath(request), requestId: "-", outcome: what, stack: stackOf(error),
    });
    request.errors?.write(line);
  } catch {
    // tsgi.errors must not throw (SPEC [errors.accept-any]); if it does, there is nowhere left to report.
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
