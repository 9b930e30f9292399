import { InnerBody } from "./inner-body.js";
import type { Body, Chunk } from "./types.js";
import { isThenable } from "./is-thenable.js";
import { SETTLED } from "./settled.js";

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
  if (Array.isArray(body)) return transformArray(body as Chunk[], steps);
  return new StreamingTransform(new InnerBody(body), steps).body();
}

/**
 * The Array fast path: while every step is synchronous, transform at once
 * and stay an Array. At the first step that returns a Promise, stream the
 * rest from there (each step still called once, in order).
 */
function transformArray(chunks: Chunk[], steps: BodyTransform): TransformedBody {
  const out: Chunk[] = [];
  try {
    for (let i = 0; i <= chunks.length; i++) {
      const result = i < chunks.length ? steps.transform(chunks[i]!) : steps.flush?.();
      if (isThenable(result)) {
        const resume: Resume = { queued: out, head: result, consumed: Math.min(i + 1, chunks.length), flushed: i === chunks.length };
        return new StreamingTransform(new InnerBody(chunks as Body), steps, resume).body();
      }
      push(out, result);
    }
  } catch (error) {
    return failEagerly(error, steps, chunks);
  }
  const cleanup = steps.cleanup?.("done");
  let closed = false;
  const close = (): Promise<void> => {
    if (closed) return SETTLED;
    closed = true;
    if (cleanup === undefined && typeof (chunks as Body).close !== "function") return SETTLED;
    return closeAfter(cleanup, chunks as Body);
  };
  // A plain store: Object.assign costs three times as much per request.
  const body = out as Chunk[] & { close: () => Promise<void> };
  body.close = close;
  return body;
}

async function closeAfter(cleanup: void | Promise<void>, inner: Body): Promise<void> {
  await cleanup;
  await inner.close?.();
}

function failEagerly(error: unknown, steps: BodyTransform, chunks: Chunk[]): never {
  // The caller never gets a body to close, so close the inner one here.
  void Promise.resolve()
    .then(() => steps.cleanup?.("error"))
    .finally(() => (chunks as Body).close?.())
    .catch(() => {});
  throw error;
}

/** Where the Array fast path stopped: outputs so far, the pending step, inner chunks used, and whether it was flush. */
interface Resume {
  queued: Chunk[];
  head: Promise<ChunkOutput>;
  consumed: number;
  flushed: boolean;
}

class StreamingTransform {
  readonly #inner: InnerBody;
  readonly #steps: BodyTransform;
  #queue: Chunk[];
  #flushed = false;
  #finished: Promise<void> | undefined;
  #resume: Resume | undefined;

  constructor(inner: InnerBody, steps: BodyTransform, resume?: Resume) {
    this.#inner = inner;
    this.#steps = steps;
    this.#queue = resume?.queued ?? [];
    this.#resume = resume;
    resume?.head.catch(() => {});
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
    if (this.#resume !== undefined) return this.#resumeArray(this.#resume);
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

  async #resumeArray(resume: Resume): Promise<boolean> {
    this.#resume = undefined;
    // The Array fast path used these inner chunks already.
    for (let i = 0; i < resume.consumed; i++) await this.#inner.next();
    push(this.#queue, await resume.head);
    this.#flushed = resume.flushed;
    return !this.#flushed;
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
