import { DisconnectSignal } from "./disconnect-signal.js";

export const GONE: unique symbol = Symbol("client gone");

/**
 * How the fetch bridge learns that the client left: the runtime aborts
 * `request.signal` (possibly before the headers), or it cancels the response
 * stream (Bun, Deno, workerd), which calls `leave()`. Owns the request's
 * `tsgi.signal`, which aborts then, and never once the response is complete.
 */
export class ClientGone {
  readonly #disconnect = new DisconnectSignal();
  readonly #request: AbortSignal | undefined;
  readonly #gone: Promise<typeof GONE>;
  #resolveGone: () => void = () => {};
  #left = false;
  #onLeave: (() => void) | undefined;
  readonly #onAbort = (): void => this.leave(this.#request?.reason);

  constructor(request: AbortSignal | undefined) {
    this.#request = request;
    this.#gone = new Promise((resolve) => (this.#resolveGone = () => resolve(GONE)));
    if (request?.aborted === true) {
      this.#left = true;
      this.#resolveGone();
      // Not before the app is called: the signal must be live then (SPEC [environ.signal]).
      queueMicrotask(() => this.#disconnect.abort(request.reason));
    } else {
      request?.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  /** The app's `tsgi.signal`. */
  get signal(): AbortSignal {
    return this.#disconnect.signal;
  }

  /** True once the client left. */
  get left(): boolean {
    return this.#left;
  }

  /** `step`, or GONE as soon as the client leaves: a body that never yields must not outlive a client that left. */
  race<T>(step: Promise<T>): Promise<T | typeof GONE> {
    return Promise.race([step, this.#gone]);
  }

  /** What to run when the client leaves from now on (stopping the body's stream). */
  onLeave(stop: () => void): void {
    this.#onLeave = stop;
  }

  /** The client left (request.signal aborted, or the runtime cancelled the response stream). */
  leave(reason?: unknown): void {
    if (this.#left) return;
    this.#left = true;
    this.#disconnect.abort(reason);
    this.#resolveGone();
    this.#onLeave?.();
  }

  /** The response is over: request.signal is no longer watched and tsgi.signal never aborts now. */
  dispose(): void {
    this.#request?.removeEventListener("abort", this.#onAbort);
    this.#disconnect.done();
  }
}
