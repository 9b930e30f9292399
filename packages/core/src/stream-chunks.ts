import { describeValue } from "./describe-value.js";

/** A WHATWG ReadableStream read as an async iterator of non-empty Uint8Array chunks (see `streamChunks`). */
export interface StreamChunks extends AsyncIterableIterator<Uint8Array, undefined> {
  /** Stops reading and cancels the stream at once, even while a `next()` is pending. */
  return(): Promise<IteratorResult<Uint8Array, undefined>>;
}

/**
 * Reads a WHATWG ReadableStream (a Request's or a Response's body) one chunk
 * per `next()`, so the consumer's pace is the stream's pace. Chunks that are
 * not Uint8Array become bytes when they are an ArrayBuffer or a view of one
 * (a string, from a hand-made stream, becomes UTF-8); anything else rejects
 * `next()` with a TypeError and cancels the stream — no chunk is dropped.
 * `return()` cancels the stream, which tells its source to stop; reaching the
 * end only releases the lock. One `next()` at a time, as for any body.
 */
export function streamChunks(stream: ReadableStream<unknown>): StreamChunks {
  return new StreamReader(stream);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class StreamReader implements StreamChunks {
  readonly #stream: ReadableStream<unknown>;
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  #done = false;

  constructor(stream: ReadableStream<unknown>) {
    this.#stream = stream;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.#done) return DONE;
    const reader = (this.#reader ??= this.#stream.getReader());
    try {
      for (;;) {
        const step = await reader.read();
        // return() ran while the read was pending: what it brought is not wanted.
        if (this.#done) return DONE;
        if (step.done) {
          this.#done = true;
          reader.releaseLock();
          return DONE;
        }
        const chunk = toBytes(step.value);
        if (chunk.byteLength > 0) return { done: false, value: chunk };
      }
    } catch (error) {
      await this.return();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.#done) return DONE;
    this.#done = true;
    const reader = this.#reader;
    // Cancelling settles a pending read, so the lock can be released after it.
    await (reader ?? this.#stream).cancel().catch(() => {});
    reader?.releaseLock();
    return DONE;
  }
}

const encoder = new TextEncoder();

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === "string") return encoder.encode(value);
  throw new TypeError(`a body stream produced ${describeValue(value)}, expected bytes (a Uint8Array, an ArrayBuffer or a view of one)`);
}
