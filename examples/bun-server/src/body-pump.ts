import { isAsyncIterable, type Body, type Chunk, type ErrorStream } from "@tsgi/core";

type Step = IteratorResult<Chunk> | Promise<IteratorResult<Chunk>>;
interface ChunkIterator {
  next(): Step;
  return?(): unknown;
}

/**
 * Pulls a body one chunk at a time and ends it as SPEC §6 says: the iterator
 * obtained once ([body.once]), one `next()` at a time ([body.one-at-a-time]),
 * and on every path `return()` when stopped early, then `close()` once
 * ([body.iterator-return], [body.close], [body.close-once]).
 */
export class BodyPump {
  #body: Body;
  #errors: ErrorStream;
  #iterator: ChunkIterator | undefined;
  #finished = false;
  #closed: Promise<void> | undefined;

  constructor(body: Body, errors: ErrorStream) {
    this.#body = body;
    this.#errors = errors;
  }

  /** The next chunk, or undefined at the end. Throws what the body throws, or a TypeError for a non-Uint8Array. */
  async next(): Promise<Chunk | undefined> {
    this.#iterator ??= iterate(this.#body);
    let step: IteratorResult<Chunk>;
    try {
      step = await this.#iterator.next();
    } catch (error) {
      this.#finished = true; // a throwing iterator is over: no return() ([body.iterator-return])
      throw error;
    }
    if (step.done) {
      this.#finished = true;
      return undefined;
    }
    if (!(step.value instanceof Uint8Array)) throw new TypeError("the body yielded a chunk that is not a Uint8Array (SPEC [body.chunk-type])");
    return step.value;
  }

  /**
   * Ends the body. `return()` is called at once and not awaited, even while
   * a `next()` is pending ([body.return-pending]); `close()` is awaited.
   */
  stop(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    if (this.#iterator !== undefined && !this.#finished) {
      this.#finished = true;
      try {
        void Promise.resolve(this.#iterator.return?.()).catch((error: unknown) => this.#log("return() failed", error));
      } catch (error) {
        this.#log("return() failed", error);
      }
    }
    this.#closed = this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    try {
      await this.#body.close?.();
    } catch (error) {
      this.#log("close() failed", error);
    }
  }

  #log(what: string, error: unknown): void {
    this.#errors.write(`tsgi-bun: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
}

function iterate(body: Body): ChunkIterator {
  if (isAsyncIterable(body)) return body[Symbol.asyncIterator]();
  if (body == null || typeof body === "string" || typeof (body as Iterable<Chunk>)[Symbol.iterator] !== "function") {
    throw new TypeError("the app returned something that is not an iterable body (SPEC [app.body-type])");
  }
  return (body as Iterable<Chunk>)[Symbol.iterator]();
}
