import type { App, Body, Environ, ErrorStream, InputStream, StartResponse } from "../types.js";
import { checkEnviron } from "./check-environ.js";
import { checkProtocolKeys } from "./check-protocol-keys.js";
import { describeValue } from "../describe-value.js";
import { Reporter, type Mode } from "./reporter.js";
import type { RequestState } from "./request-state.js";
import { SpecViolation } from "./spec-violation.js";
import { wrapBody } from "./wrap-body.js";
import { wrapErrors } from "./wrap-errors.js";
import { wrapInput } from "./wrap-input.js";
import { wrapStartResponse } from "./wrap-start-response.js";

export interface ValidateOptions {
  /**
   * "throw" (the default) throws a SpecViolation where a rule is broken.
   * "report" writes `tsgi.validate: [rule-id] message` to tsgi.errors and
   * carries on, for watching a running server without changing what it does.
   * @default "throw"
   */
  mode?: "throw" | "report";
}

/**
 * Wraps `app` so that every request checks the app, and the server or
 * middleware that calls it, against SPEC.md, failing at the moment a rule is
 * broken with the rule's id. Put it between a server and an app, or on both
 * sides of a middleware, in tests and development; it is a conforming
 * middleware itself (it streams, and passes close() through exactly once).
 */
export function validate(app: App, options: ValidateOptions = {}): App {
  if (typeof app !== "function") {
    throw new SpecViolation("app.callable", `an app must be a function of (environ, startResponse), got ${describeValue(app)}`);
  }
  const mode: Mode = options.mode ?? "throw";
  if (mode !== "throw" && mode !== "report") {
    throw new TypeError(`validate: option mode must be "throw" or "report", got ${describeValue(mode)}`);
  }
  const seen = new WeakSet<object>();

  return function validated(this: unknown, environ: Environ, startResponse: StartResponse): Body | Promise<Body> {
    const errors = environ?.["tsgi.errors"] as ErrorStream | undefined;
    const r = new Reporter(mode, isErrorStream(errors) ? errors : undefined);
    if (arguments.length !== 2 || typeof startResponse !== "function") {
      r.fail("app.arguments", `the app must be called with (environ, startResponse), got ${arguments.length} arguments`);
    }
    if (!checkEnviron(environ, r)) return app(environ, startResponse);
    if (seen.has(environ)) r.fail("environ.fresh", "the server passed the same environ object to a second call");
    seen.add(environ);

    const env: Environ = { ...environ };
    const input = environ["tsgi.input"];
    if (isInputStream(input)) {
      env["tsgi.input"] = wrapInput(input, environ.CONTENT_LENGTH, r);
    } else {
      r.fail("input.interface", `tsgi.input must have read, readline and Symbol.asyncIterator, got ${describeValue(input)}`);
    }
    if (isErrorStream(errors)) {
      env["tsgi.errors"] = wrapErrors(errors, r);
    } else {
      r.fail("errors.interface", `tsgi.errors must have write, writelines and flush, got ${describeValue(errors)}`);
    }

    const method = environ.REQUEST_METHOD;
    const state: RequestState = {
      r,
      method,
      label: `${method} ${String(environ.SCRIPT_NAME)}${String(environ.PATH_INFO)}`,
      started: false,
      code: undefined,
      facts: { contentLength: undefined, hasContentType: false },
      headersSent: false,
      bytes: 0,
      warnedContentType: false,
      excInfoThrows: 0,
    };
    checkProtocolKeys(env, state);

    let result: Body | Promise<Body>;
    try {
      result = app(env, wrapStartResponse(startResponse, state));
    } catch (error) {
      r.surfaced(error);
      throw error;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (body) => finish(body, state),
        (error: unknown) => {
          r.surfaced(error);
          throw error;
        },
      );
    }
    return finish(result, state);
  };
}

function finish(body: unknown, state: RequestState): Body {
  const { r } = state;
  const problem = bodyProblem(body);
  if (problem !== undefined) {
    try {
      r.fail("app.body-type", problem);
    } catch (error) {
      // The server never gets this body, so nobody else can close it.
      closeQuietly(body);
      throw error;
    }
    return body as Body;
  }
  const close = (body as Body).close;
  if (close !== undefined && typeof close !== "function") {
    r.fail("body.close-type", `a body's close must be a function, got ${describeValue(close)}`);
    return body as Body;
  }
  if (r.unsurfaced !== undefined) {
    // The app caught a violation and answered anyway; the server must see it.
    closeQuietly(body);
    r.rethrowSwallowed();
  }
  try {
    return wrapBody(body as Body, state);
  } catch (error) {
    // An Array body is checked whole while wrapping; if that fails the server
    // never gets the body, so close it here.
    closeQuietly(body);
    throw error;
  }
}

function bodyProblem(body: unknown): string | undefined {
  if (typeof body === "string") return "the app returned a string; return an Array of Uint8Array instead";
  if (typeof body !== "object" || body === null) return `the app must return a body, got ${describeValue(body)}`;
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) {
    return `the app returned ${describeValue(body)} itself; wrap it in an Array: [bytes]`;
  }
  const iterable = body as Partial<Iterable<unknown> & AsyncIterable<unknown>>;
  if (typeof iterable[Symbol.asyncIterator] !== "function" && typeof iterable[Symbol.iterator] !== "function") {
    return `the app must return an Iterable or AsyncIterable of Uint8Array, got ${describeValue(body)}`;
  }
  return undefined;
}

function closeQuietly(body: unknown): void {
  try {
    const close = (body as { close?: unknown } | null)?.close;
    if (typeof close === "function") void Promise.resolve(close.call(body)).catch(() => {});
  } catch {
    // Closing is best effort here: the violation being reported matters more.
  }
}

function isThenable(value: unknown): value is PromiseLike<Body> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

function isInputStream(value: unknown): value is InputStream {
  const v = value as Partial<InputStream> | null | undefined;
  return (
    typeof v === "object" && v !== null && typeof v.read === "function" && typeof v.readline === "function" &&
    typeof v[Symbol.asyncIterator] === "function"
  );
}

function isErrorStream(value: unknown): value is ErrorStream {
  const v = value as Partial<ErrorStream> | null | undefined;
  return (
    typeof v === "object" && v !== null && typeof v.write === "function" && typeof v.writelines === "function" &&
    typeof v.flush === "function"
  );
}
