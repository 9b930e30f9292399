import { isThenable, SECOND_START_WITHOUT_EXC_INFO, type App, type Body, type Environ, type HeaderList, type StartResponse } from "@tsgi/core";
import { guardClose } from "./guard-close.js";
import type { ResolvedOptions } from "./options.js";
import { reportError, type RequestFacts } from "./report-error.js";
import { requestIdOf } from "./request-id.js";

/**
 * One call of the inner app. The app is called once, synchronously, with a
 * startResponse that records what it starts (so a failure after it keeps its
 * CORS and Vary headers on the error page); the result is then either used
 * at once (`status` + an Array) or handed to callApp through `replay`, which
 * re-plays the recorded start and forwards later calls to callApp's own
 * startResponse. Its body's close() errors are logged, never thrown: by then
 * the response is complete or being torn down, so a throw would only make the
 * server log the error again, or cut off a response that was sent in full.
 */
export class WatchedCall {
  /** What the app started last (undefined until it calls startResponse). */
  status: string | undefined;
  headers: HeaderList | undefined;
  /** The headers of a response the app started, kept for the error page. */
  started: HeaderList | undefined;
  #forward: StartResponse | undefined;
  readonly #app: App;
  readonly options: ResolvedOptions;
  readonly request: RequestFacts;
  /** The startResponse of the server (or middleware) that called errors(). */
  readonly startResponse: StartResponse;

  constructor(app: App, options: ResolvedOptions, request: RequestFacts, startResponse: StartResponse) {
    this.#app = app;
    this.options = options;
    this.request = request;
    this.startResponse = startResponse;
  }

  /** Calls the app; returns what it returned (a body or a promise of one). */
  start(environ: Environ): ReturnType<App> {
    return this.#app(environ, (status, headers, excInfo) => this.#startResponse(status, headers, excInfo));
  }

  /** An app for callApp that gives it what the real call produced. */
  replay(result: ReturnType<App>): App {
    return (_environ, startResponse) => {
      this.#forward = startResponse;
      if (this.status !== undefined) startResponse(this.status, this.headers!);
      return isThenable(result) ? Promise.resolve(result).then((body) => this.guard(body)) : this.guard(result);
    };
  }

  /** Checks that the app gave a body, and makes its close() report instead of throw. */
  guard(body: Body): Body {
    if (typeof body !== "object" || body === null) {
      throw new TypeError(`the app returned ${String(body)} instead of a body (SPEC [app.body-type])`);
    }
    if (typeof body.close !== "function") return body;
    return guardClose(body, (error) => this.#reportClose(error));
  }

  #reportClose(error: unknown): void {
    const id = requestIdOf(this.request, this.options.requestIdKey);
    const status = this.status === undefined ? 500 : Number(this.status.slice(0, 3));
    reportError(this.options, this.request, error, { status, requestId: id, headersSent: true, phase: "close" });
  }

  #startResponse(status: string, headers: HeaderList, excInfo: unknown): void {
    if (this.#forward !== undefined) {
      this.#forward(status, headers, excInfo);
    } else if (excInfo === undefined && this.status !== undefined) {
      throw new Error(SECOND_START_WITHOUT_EXC_INFO);
    }
    this.status = status;
    this.headers = headers;
    this.started = headers;
  }
}
