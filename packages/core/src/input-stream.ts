import type { InputStream } from "./types.js";

const EMPTY = new Uint8Array(0);

/**
 * Makes a `tsgi.input` from any async iterable of bytes (a node:http request,
 * a ReadableStream, a generator): bytes are pulled only when the app asks,
 * so the source's backpressure reaches the client. Or from bytes already in
 * memory (one `Uint8Array` or an Array of them), to hand a body that was read
 * to the inner app again (see `replaceInput`).
 */
export function createInputStream(source: AsyncIterable<Uint8Array> | readonly Uint8Array[] | Uint8Array): InputStream {
  if (source instanceof Uint8Array) return new PullInput(fromChunks([source]));
  if (Array.isArray(source)) return new PullInput(fromChunks(source as readonly Uint8Array[]));
  return new PullInput(source as AsyncIterable<Uint8Array>);
}

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  // Copied now: the caller may reuse its array.
  for (const chunk of chunks.slice()) yield chunk;
}

/** A shared, always-empty input for requests without a body. */
export const emptyInput: InputStream = {
  read: () => Promise.resolve(EMPTY),
  readline: () => Promise.resolve(EMPTY),
  async *[Symbol.asyncIterator]() {},
};

class PullInput implements InputStream {
  #source: AsyncIterable<Uint8Array>;
  #iterator: AsyncIterator<Uint8Array> | undefined;
  #buffered: Uint8Array[] = [];
  #bufferedLength = 0;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source;
  }

  async #pull(): Promise<boolean> {
    if (this.#done) return false;
    this.#iterator ??= this.#source[Symbol.asyncIterator]();
    const step = await this.#iterator.next();
    if (step.done) {
      this.#done = true;
      return false;
    }
    if (step.value.byteLength > 0) {
      this.#buffered.push(step.value);
      this.#bufferedLength += step.value.byteLength;
    }
    return true;
  }

  #take(size: number): Uint8Array {
    if (size >= this.#bufferedLength) {
      const all = concat(this.#buffered, this.#bufferedLength);
      this.#buffered = [];
      this.#bufferedLength = 0;
      return all;
    }
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const head = this.#buffered[0]!;
      const need = size - filled;
      if (head.byteLength <= need) {
        out.set(head, filled);
        filled += head.byteLength;
        this.#buffered.shift();
      } else {
        out.set(head.subarray(0, need), filled);
        this.#buffered[0] = head.subarray(need);
        filled += need;
      }
    }
    this.#bufferedLength -= size;
    return out;
  }

  async read(size?: number): Promise<Uint8Array> {
    if (size === undefined || size < 0) {
      while (await this.#pull());
      return this.#take(this.#bufferedLength);
    }
    if (!Number.isInteger(size)) throw new TypeError(`tsgi.input.read size must be an integer, got ${size}`);
    while (this.#bufferedLength < size && (await this.#pull()));
    return this.#bufferedLength === 0 ? EMPTY : this.#take(size);
  }

  async readline(size?: number): Promise<Uint8Array> {
    const limit = size === undefined || size < 0 ? Infinity : size;
    for (;;) {
      const at = this.#indexOfNewline();
      if (at !== -1 && at + 1 <= limit) return this.#take(at + 1);
      if (this.#bufferedLength >= limit) return this.#take(limit);
      if (!(await this.#pull())) return this.#bufferedLength === 0 ? EMPTY : this.#take(this.#bufferedLength);
    }
  }

  #indexOfNewline(): number {
    let offset = 0;
    for (const chunk of this.#buffered) {
      const at = chunk.indexOf(10);
      if (at !== -1) return offset + at;
      offset += chunk.byteLength;
    }
    return -1;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    while (this.#buffered.length > 0) {
      const chunk = this.#buffered.shift()!;
      this.#bufferedLength -= chunk.byteLength;
      yield chunk;
    }
    while (await this.#pull()) {
      const chunk = this.#buffered.pop();
      if (chunk === undefined) continue;
      this.#bufferedLength = 0;
      yield chunk;
    }
  }
}

/** Joins chunks into one Uint8Array. */
export function concat(chunks: readonly Uint8Array[], totalLength?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  if (chunks.length === 0) return EMPTY;
  const total = totalLength ?? chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
