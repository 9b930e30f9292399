import { InnerBody } from "./inner-body.js";
import { MISSING_START_RESPONSE } from "./response-body.js";
import { ResponseStart } from "./response-start.js";
import { statusCode } from "./status.js";
import type { App, Body, Chunk, Environ, ExcInfo, HeaderList } from "./types.js";

/** What an app answered: the status and headers it started, and its body. */
export interface AppResponse {
  status: string;
  /** The status code of `status`, e.g. 404. */
  code: number;
  headers: HeaderList;
  body: Body;
}

export interface CallAppOptions {
  /**
   * Called when the inner app calls startResponse again with excInfo after
   * callApp has resolved, but before its body has yielded a byte: an error
   * handler inside this middleware replacing the response with an error page
   * (SPEC [middleware.late-exc-info]). Re-apply your header edits and pass it
   * on with your own startResponse: `startResponse(status, headers, excInfo)`;
   * your server throws if it has sent its headers. Without this option such
   * a call throws excInfo back to the inner app, since the headers have been
   * passed on.
   */
  onLateStart?: (status: string, headers: HeaderList, excInfo: ExcInfo) => void;
}

/**
 * Calls `app` and waits until it has called startResponse, pulling the body's
 * first chunks if the app starts the response lazily (§5.5). The result lets
 * middleware look at and change the status and headers before passing them on
 * with its own startResponse (use `respond()`, which closes the body if that
 * startResponse throws), then return (or wrap) `body`.
 *
 * Chunks pulled early are replayed, and the returned body passes `return()`
 * and `close()` on to the app's body, exactly once. If the app fails before
 * starting, its body is closed and the error is thrown.
 */
export async function callApp(app: App, environ: Environ, options: CallAppOptions = {}): Promise<AppResponse> {
  const call = new AppCall(options);
  const body = await app(environ, call.start.startResponse);
  const head = call.start.head;
  if (head !== undefined) return call.handOver(head, body);
  const inner = new InnerBody(body);
  const pulled: Chunk[] = [];
  try {
    while (call.start.head === undefined) {
      const step = await inner.next();
      if (step.done) break;
      pulled.push(step.value);
    }
  } catch (error) {
    await inner.close().catch(() => {});
    throw error;
  }
  const started = call.start.head;
  if (started === undefined) {
    await inner.close();
    throw new Error(MISSING_START_RESPONSE);
  }
  return call.handOver(started, replayBody(pulled, inner, call));
}

interface Head {
  status: string;
  headers: HeaderList;
}

/** The startResponse callApp gives the app, and what it learnt. */
class AppCall {
  response: AppResponse | undefined;
  /** Marked sent once a non-empty chunk of the app's body went to callApp's caller. */
  readonly start: ResponseStart<Head>;
  readonly #options: CallAppOptions;

  constructor(options: CallAppOptions) {
    this.#options = options;
    this.start = new ResponseStart((status, headers, excInfo) => {
      // A second call reaches here only with excInfo (ResponseStart refuses the rest).
      if (this.response !== undefined) this.#late(status, headers, excInfo!);
      return { status, headers };
    });
  }

  #late(status: string, headers: HeaderList, excInfo: ExcInfo): void {
    const onLateStart = this.#options.onLateStart;
    // The caller has passed the old head on; only it can replace it.
    if (onLateStart === undefined) throw excInfo;
    const code = statusCode(status);
    onLateStart(status, headers, excInfo);
    Object.assign(this.response!, { status, code, headers });
  }

  handOver(head: Head, body: Body): AppResponse {
    const needsWatch = this.#options.onLateStart !== undefined && !Array.isArray(body) && !(body instanceof ReplayBody);
    const watched = needsWatch ? replayBody([], new InnerBody(body), this) : body;
    this.response = { status: head.status, code: statusCode(head.status), headers: head.headers, body: watched };
    return this.response;
  }
}

function replayBody(pulled: Chunk[], inner: InnerBody, call: AppCall): Body {
  return new ReplayBody(pulled, inner, call);
}

/** The app's body with the chunks callApp pulled early put back in front. */
class ReplayBody implements AsyncIterable<Chunk> {
  readonly #pulled: Chunk[];
  readonly #inner: InnerBody;
  readonly #call: AppCall;
  #stopped = false;

  constructor(pulled: Chunk[], inner: InnerBody, call: AppCall) {
    this.#pulled = pulled;
    this.#inner = inner;
    this.#call = call;
  }

  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    return {
      next: () => this.#next(),
      return: async () => {
        this.#stopped = true;
        this.#pulled.length = 0;
        await this.#inner.stop();
        return { done: true, value: undefined };
      },
    };
  }

  close(): Promise<void> {
    this.#stopped = true;
    this.#pulled.length = 0;
    return this.#inner.close();
  }

  async #next(): Promise<IteratorResult<Chunk>> {
    if (this.#stopped) return { done: true, value: undefined };
    const early = this.#pulled.shift();
    const step: IteratorResult<Chunk> = early !== undefined ? { done: false, value: early } : await this.#inner.next();
    if (step.done) await this.#inner.close();
    else if (step.value.byteLength > 0) this.#call.start.markSent();
    return step;
  }
}
