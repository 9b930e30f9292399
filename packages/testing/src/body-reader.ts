import { isAsyncIterable, isSyncIterable, type Body } from "@tsgi/core";

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

/**
 * Reads an app's body the way a server does: chunk by chunk, on demand,
 * skipping empty chunks, checking Content-Length, and calling `close()`
 * exactly once however reading ends (end, error, or cancel). Stopping early
 * also calls the iterator's `return()`, so a generator's `finally` runs.
 */
export class BodyReader implements AsyncIterableIterator<Uint8Array> {
  #body: Body | undefined;
  #iterator: AnyIterator | undefined;
  #pending: Uint8Array[] = [];
  #finished = false;
  #inFlight = false;
  #closed = false;
  #closeCount = 0;
  #declared: number | undefined;
  #produced = 0;

  constructor(body?: Body) {
    this.#body = body;
    if (body === undefined) this.#finished = true;
  }

  /** How many times the body's `close()` was called (0 or 1). */
  get closeCount(): number {
    return this.#closeCount;
  }

  /** True once reading is over and `close()` (if the body has one) was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Makes the reader fail if the body yields more or fewer bytes than this. */
  expectLength(length: number | undefined): void {
    this.#declared = length;
  }

  /** Puts a chunk pulled before the headers went out back in front. */
  unshift(chunk: Uint8Array): void {
    this.#pending.unshift(chunk);
  }

  /** Drops whatever the body still holds and yields `chunks` instead (for a server-made error page). */
  replaceWith(chunks: Uint8Array[]): void {
    this.#pending = chunks.slice();
    this.#declared = undefined;
  }

  /** The next raw chunk (possibly empty), or undefined at the end. Errors close the body. */
  async pull(): Promise<Uint8Array | undefined> {
    if (this.#finished) return undefined;
    let step: IteratorResult<unknown>;
    try {
      this.#iterator ??= iteratorOf(this.#body!);
      this.#inFlight = true;
      step = await this.#iterator.next();
    } catch (error) {
      this.#finished = true;
      // The app's error is the one worth reporting; a failing close() must not hide it.
      await this.#close().catch(() => {});
      throw error;
    } finally {
      this.#inFlight = false;
    }
    if (this.#finished) return undefined; // cancelled while waiting
    if (step.done) {
      this.#finished = true;
      await this.#close();
      return undefined;
    }
    if (!(step.value instanceof Uint8Array)) {
      const error = new TypeError(`the app's body yielded ${describe(step.value)}; chunks must be Uint8Array (SPEC §6)`);
      await this.cancel().catch(() => {});
      throw error;
    }
    return step.value;
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    for (;;) {
      const chunk = this.#pending.shift() ?? (await this.pull());
      if (chunk === undefined) {
        this.#checkComplete();
        return { done: true, value: undefined };
      }
      if (chunk.byteLength === 0) continue;
      this.#produced += chunk.byteLength;
      if (this.#declared !== undefined && this.#produced > this.#declared) {
        const error = new Error(
          `the app declared Content-Length: ${this.#declared} but its body yielded more (${this.#produced} bytes so far)`,
        );
        await this.cancel().catch(() => {});
        throw error;
      }
      return { done: false, value: chunk };
    }
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
    if (this.#closed) return;
    const early = !this.#finished;
    this.#finished = true;
    // A body cut short by the reader is not the app's Content-Length mistake.
    if (early) this.#declared = undefined;
    let stopping: Promise<unknown> | undefined;
    if (early && this.#iterator?.return !== undefined) {
      try {
        stopping = Promise.resolve(this.#iterator.return());
      } catch (error) {
        stopping = Promise.reject(error);
      }
      stopping.catch(() => {});
    }
    await this.#close();
    if (stopping !== undefined && !this.#inFlight) await stopping;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #checkComplete(): void {
    if (this.#declared !== undefined && this.#produced < this.#declared) {
      const declared = this.#declared;
      this.#declared = undefined;
      throw new Error(`the app declared Content-Length: ${declared} but its body had only ${this.#produced} bytes`);
    }
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (typeof this.#body?.close === "function") {
      this.#closeCount++;
      await this.#body.close();
    }
  }
}

function iteratorOf(body: Body): AnyIterator {
  if (isAsyncIterable(body)) return body[Symbol.asyncIterator]();
  if (isSyncIterable(body)) return body[Symbol.iterator]();
  throw new TypeError(`the app returned ${describe(body)}; a body must be an iterable of Uint8Array (SPEC §6)`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `a string (${JSON.stringify(value.slice(0, 40))})`;
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return typeof value;
}
