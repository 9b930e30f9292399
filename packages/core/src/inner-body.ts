import { isAsyncIterable } from "./close-body.js";
import type { Body, Chunk } from "./types.js";

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
    if (this.#finished) return;
    this.#finished = true;
    const iterator = this.#iterator;
    if (iterator?.return === undefined) return;
    const result = Promise.resolve(iterator.return());
    if (this.#pending) result.catch(() => {});
    else await result;
  }

  /** Stops the iterator, then calls the inner body's `close()`, once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.stop();
    } finally {
      await this.#body.close?.();
    }
  }
}

function iteratorOf(body: Body): AnyIterator {
  return isAsyncIterable(body) ? body[Symbol.asyncIterator]() : (body as Iterable<Chunk>)[Symbol.iterator]();
}
