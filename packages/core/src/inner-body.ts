import { isAsyncIterable } from "./close-body.js";
import type { Body, Chunk } from "./types.js";
import { isThenable } from "./is-thenable.js";

type AnyIterator = Iterator<Chunk> | AsyncIterator<Chunk>;

/**
 * The wrapped body as a middleware's own body sees it: pulled one chunk at a
 * time, stopped and closed exactly once.
 *
 * Servers stop a body by calling the iterator's `return()` without awaiting
 * it, then `close()` at once (SPEC [body.iterator-return], [server.disconnect]).
 * A generator-based wrapper would pass that `return()` on only after its own
 * pending step settles, so the inner body would be closed before its iterator
 * heard of the stop. `stop()` forwards it at once instead, and `close()` stops
 * first, so the inner body always sees `return()` before `close()`.
 */
export class InnerBody {
  readonly #body: Body;
  #iterator: AnyIterator | undefined;
  #pending = false;
  #finished = false;
  #closed = false;

  constructor(body: Body) {
    this.#body = body;
  }

  /** True once the inner iterator is done, threw, or was stopped. */
  get finished(): boolean {
    return this.#finished;
  }

  /** The next step of the inner body; a throw or the end finish it. */
  async next(): Promise<IteratorResult<Chunk>> {
    if (this.#finished) return { done: true, value: undefined };
    this.#pending = true;
    try {
      this.#iterator ??= iteratorOf(this.#body);
      const step = await this.#iterator.next();
      if (step.done) this.#finished = true;
      return step;
    } catch (error) {
      this.#finished = true;
      throw error;
    } finally {
      this.#pending = false;
    }
  }

  /**
   * Calls the inner iterator's `return()` if it was started and is not done.
   * It is awaited unless a `next()` is pending: an async generator cannot run
   * its `finally` before that step settles, and a slow stream must not delay
   * close().
   */
  async stop(): Promise<void> {
    await this.#stopNow();
  }

  /**
   * Stops the iterator, then calls the inner body's `close()`, once. When
   * there is nothing to wait for, the inner `close()` is called before this
   * returns, so a server's `return(); close()` reaches every layer in order
   * without giving a generator elsewhere a turn in between.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    let stopping: Promise<void> | undefined;
    try {
      stopping = this.#stopNow();
    } catch (error) {
      stopping = Promise.reject(error);
    }
    if (stopping === undefined) return this.#closeInner();
    return stopping.then(
      () => this.#closeInner(),
      async (error: unknown) => {
        await this.#closeInner();
        throw error;
      },
    );
  }

  /** Starts the inner return(); a Promise only when there is something to await. */
  #stopNow(): Promise<void> | undefined {
    if (this.#finished) return undefined;
    this.#finished = true;
    const iterator = this.#iterator;
    if (iterator?.return === undefined) return undefined;
    const result = iterator.return();
    if (this.#pending || !isThenable(result)) {
      if (isThenable(result)) result.then(undefined, () => {});
      return undefined;
    }
    return result.then(() => undefined);
  }

  #closeInner(): Promise<void> {
    try {
      return Promise.resolve(this.#body.close?.());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}


function iteratorOf(body: Body): AnyIterator {
  return isAsyncIterable(body) ? body[Symbol.asyncIterator]() : (body as Iterable<Chunk>)[Symbol.iterator]();
}
