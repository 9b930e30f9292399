import { InnerBody } from "./inner-body.js";
import type { Body, Chunk } from "./types.js";

/** What a transform step may give: one chunk, several, or none (`undefined` or `[]`). */
export type ChunkOutput = Chunk | Iterable<Chunk> | undefined;

/** How a transformed body ended, as told to `cleanup`. */
export type TransformEnd = "done" | "error" | "aborted";

export interface BodyTransform {
  /** Called once per inner chunk, in order; never called again before its result settles. */
  transform(chunk: Chunk): ChunkOutput | Promise<ChunkOutput>;
  /** Called once after the last inner chunk: a footer, a compressor's tail. */
  flush?(): ChunkOutput | Promise<ChunkOutput>;
  /**
   * Called exactly once when the body is over: `"done"` after flush, `"error"`
   * when the inner body or the transform threw, `"aborted"` when the server
   * stopped early or closed the body unread. Release resources here (destroy a
   * zlib stream); it runs before the inner body is closed.
   */
  cleanup?(end: TransformEnd): void | Promise<void>;
}

export type TransformedBody = Body & { close(): Promise<void> };

const EMPTY = new Uint8Array(0);

/**
 * Streams `body` through `transform`, which may turn each inner chunk into
 * 0..n chunks. For every inner chunk pulled at least one chunk comes out (an
 * empty one if the transform gave none), so streaming stays streaming
 * (SPEC [middleware.streaming]). The inner body's `return()` and `close()`
 * are passed on at once and exactly once (SPEC [middleware.close]).
 *
 * An Array body with a synchronous transform is transformed at once and stays
 * an Array, keeping the server's fast path; then `cleanup("done")` has run
 * before this returns. Middleware that changes the bytes must also fix
 * Content-Length and ETag (SPEC §7.3).
 */
export function transformBody(body: Body, steps: BodyTransform): TransformedBody {
  if (Array.isArray(body)) {
    const eager = transformArray(body as Chunk[], steps);
    if (eager !== undefined) return eager;
  }
  return new TransformStream(new InnerBody(body), steps).body();
}

/** The Array fast path: every step synchronous, or undefined to stream instead (nothing called yet). */
function transformArray(chunks: Chunk[], steps: BodyTransform): TransformedBody | undefined {
  const out: Chunk[] = [];
  const inner = new InnerBody(chunks as Body);
  const first = chunks.length > 0 ? steps.transform(chunks[0]!) : steps.flush?.();
  if (isThenable(first)) {
    // Not a synchronous transform: stream, starting from the result we already have.
    return new TransformStream(inner, steps, first, chunks.length > 0).body();
  }
  try {
    push(out, first);
    for (let i = 1; i < chunks.length; i++) push(out, syncStep(steps.transform(chunks[i]!)));
    if (chunks.length > 0) push(out, syncStep(steps.flush?.()));
  } catch (error) {
    return failEagerly(error, steps, chunks);
  }
  const cleanup = steps.cleanup?.("done");
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await cleanup;
    await (chunks as Body).close?.();
  };
  return Object.assign(out, { close });
}

function failEagerly(error: unknown, steps: BodyTransform, chunks: Chunk[]): never {
  // The caller never gets a body to close, so close the inner one here.
  void Promise.resolve()
    .then(() => steps.cleanup?.("error"))
    .finally(() => (chunks as Body).close?.())
    .catch(() => {});
  throw error;
}

function syncStep(result: ChunkOutput | Promise<ChunkOutput>): ChunkOutput {
  if (isThenable(result)) {
    throw new TypeError("transformBody: the transform of an Array body returned a Promise after a synchronous first step");
  }
  return result;
}

class TransformStream {
  readonly #inner: InnerBody;
  readonly #steps: BodyTransform;
  #queue: Chunk[] = [];
  #flushed = false;
  #finished: Promise<void> | undefined;
  /** A first step already started by the Array path (a Promise), and whether it was chunk 0's. */
  #head: Promise<ChunkOutput> | undefined;
  readonly #headIsChunk: boolean;

  constructor(inner: InnerBody, steps: BodyTransform, head?: Promise<ChunkOutput>, headIsChunk = false) {
    this.#inner = inner;
    this.#steps = steps;
    this.#head = head;
    this.#headIsChunk = headIsChunk;
    head?.catch(() => {});
  }

  body(): TransformedBody {
    const iterator: AsyncIterator<Chunk> = {
      next: () => this.#next(),
      return: async () => {
        await this.#abort(false);
        return { done: true, value: undefined };
      },
    };
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: () => this.#abort(true),
    };
  }

  async #next(): Promise<IteratorResult<Chunk>> {
    if (this.#queue.length > 0) return { done: false, value: this.#queue.shift()! };
    if (this.#finished !== undefined) return { done: true, value: undefined };
    try {
      const more = await this.#produce();
      if (this.#finished !== undefined && more) return { done: true, value: undefined }; // stopped meanwhile
      if (!more) {
        await this.#finish("done");
        await this.#inner.close();
        const tail = this.#queue.shift();
        return tail === undefined ? { done: true, value: undefined } : { done: false, value: tail };
      }
      return { done: false, value: this.#queue.shift() ?? EMPTY };
    } catch (error) {
      try {
        await this.#finish("error");
      } finally {
        await this.#inner.close().catch(() => {});
      }
      throw error;
    }
  }

  /** Pulls one inner chunk and queues what the transform made of it; false once flushed. */
  async #produce(): Promise<boolean> {
    if (this.#head !== undefined) {
      const head = this.#head;
      this.#head = undefined;
      if (this.#headIsChunk) await this.#inner.next(); // chunk 0, transformed already
      push(this.#queue, await head);
      if (!this.#headIsChunk) this.#flushed = true;
      return !this.#flushed;
    }
    if (this.#flushed) return false;
    const step = await this.#inner.next();
    if (step.done) {
      this.#flushed = true;
      push(this.#queue, await this.#steps.flush?.());
      return false;
    }
    push(this.#queue, await this.#steps.transform(step.value));
    return true;
  }

  /** return() or close(): the inner iterator hears of it at once, then cleanup runs, then (close) the inner close(). */
  async #abort(close: boolean): Promise<void> {
    this.#queue = [];
    const stopping = this.#inner.stop();
    try {
      await this.#finish("aborted");
      await stopping;
    } finally {
      if (close) await this.#inner.close();
    }
  }

  #finish(how: TransformEnd): Promise<void> {
    this.#finished ??= (async () => this.#steps.cleanup?.(how))();
    return this.#finished;
  }
}

function push(out: Chunk[], output: ChunkOutput): void {
  if (output === undefined || output === null) return;
  if (output instanceof Uint8Array) {
    out.push(output);
    return;
  }
  for (const chunk of output) out.push(chunk);
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}
