import type { ResponseBody } from "@tsgi/core";

type Failure = [during: "return" | "close", error: unknown];

/**
 * Reads an app's body the way a server does, on core's `ResponseBody`:
 * chunk by chunk, on demand, skipping empty chunks, checking Content-Length,
 * and calling `close()` exactly once however reading ends (end, error, or
 * cancel). Stopping early also calls the iterator's `return()`, so a
 * generator's `finally` runs. Unlike a server it throws what went wrong, so
 * a test sees it.
 */
export class ResponseReader implements AsyncIterableIterator<Uint8Array> {
  readonly #driver: ResponseBody | undefined;
  readonly #hasClose: boolean;
  #pending: Uint8Array[];
  #cancelled = false;

  /** `pending`: chunks to yield before the driver's (the first chunk, or a server-made page). */
  constructor(driver: ResponseBody | undefined, hasClose: boolean, pending: Uint8Array[] = []) {
    this.#driver = driver;
    this.#hasClose = hasClose;
    this.#pending = pending;
  }

  /** How many times the body's `close()` was called (0 or 1). */
  get closeCount(): number {
    return this.#hasClose && this.closed ? 1 : 0;
  }

  /** True once reading is over and `close()` (if the body has one) was called. */
  get closed(): boolean {
    return this.#driver?.finished ?? this.#cancelled;
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    try {
      const early = this.#pending.shift();
      const chunk = early !== undefined ? (this.#driver?.admit(early) ?? early) : await this.#driver?.next();
      if (chunk !== undefined) return { done: false, value: chunk };
    } catch (error) {
      // The app's error is the one worth reporting; a failing close() must not hide it.
      await this.cancel().catch(() => {});
      throw error;
    }
    await this.#finish(false);
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    await this.cancel();
    return { done: true, value: undefined };
  }

  /**
   * Stops reading, as `@tsgi/server` does when the client goes away: the
   * iterator's `return()` is called and not awaited, then the body's
   * `close()` at once (SPEC [server.disconnect]), so a wrapper that closes
   * its inner body before `return()` has reached it fails here as it would
   * over a socket. A failing `return()` is reported after close() ran,
   * unless a `next()` was still pending (then it cannot finish yet).
   */
  async cancel(): Promise<void> {
    this.#pending = [];
    this.#cancelled = true;
    await this.#finish(this.#driver?.pulling ?? false);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #finish(pulling: boolean): Promise<void> {
    const driver = this.#driver;
    if (driver === undefined || driver.finished) return;
    const failures: Failure[] = [];
    await driver.finish((error, during) => failures.push([during, error]));
    if (!pulling) await driver.returning;
    const failure = failures.find(([during]) => during === "close") ?? failures[0];
    if (failure !== undefined) throw failure[1];
  }
}
