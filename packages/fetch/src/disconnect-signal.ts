/**
 * One request's `tsgi.signal` (SPEC [environ.signal]) in the fetch bridge.
 * It is not `request.signal` itself: runtimes differ on whether that one also
 * aborts once a response has been sent, and the spec promises it never does.
 */
export class DisconnectSignal {
  readonly #controller = new AbortController();
  #done = false;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The client left before the response was complete. */
  abort(reason: unknown = new Error("the client disconnected before the response was complete")): void {
    if (!this.#done && !this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  /** The response is complete: later aborts are ignored. */
  done(): void {
    this.#done = true;
  }
}
