import type { Chunk } from "@tsgi/core";
import type { Stage } from "./stage.js";

/** A streaming byte transform as users write it: an async generator over the chunks. */
export type ChunkGenerator = (chunks: AsyncIterable<Chunk>) => AsyncIterable<Chunk>;

/**
 * A streaming byte transform as users write it: an async generator function
 * over the chunks, or a factory of TransformStreams (one per response).
 */
export type ByteTransform = ChunkGenerator | (() => TransformStream<Chunk, Chunk>);

type Waiter = { resolve: (step: IteratorResult<Chunk>) => void; reject: (error: unknown) => void };

/**
 * Runs a user's generator as a pipeline stage. The generator pulls from an
 * input that holds at most one chunk, so it never reads ahead of what the
 * client has taken; after each push we collect what it yields until it asks
 * for the next chunk (or ends).
 */
export function generatorStage(transform: ChunkGenerator): Stage {
  return new GeneratorStage(transform);
}

class GeneratorStage implements Stage {
  #queued: Chunk | undefined;
  #inputDone = false;
  /** The generator, waiting for its next input chunk. */
  #waiting: Waiter | undefined;
  #signalWant: (() => void) | undefined;
  #finished = false;
  readonly #output: AsyncIterator<Chunk>;
  #pendingOut: Promise<IteratorResult<Chunk>> | undefined;

  constructor(transform: ChunkGenerator) {
    const input: AsyncIterable<Chunk> = {
      [Symbol.asyncIterator]: () => ({
        next: () => this.#nextInput(),
        return: () => Promise.resolve({ done: true, value: undefined }),
      }),
    };
    this.#output = transform(input)[Symbol.asyncIterator]();
  }

  push(chunk: Chunk): Promise<Chunk[]> {
    this.#offer({ done: false, value: chunk });
    return this.#collect(false);
  }

  end(): Promise<Chunk[]> {
    this.#offer({ done: true, value: undefined });
    return this.#collect(true);
  }

  destroy(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#waiting?.reject(new Error("the response was abandoned"));
    this.#waiting = undefined;
    this.#pendingOut?.catch(() => {});
    this.#output.return?.().catch(() => {});
  }

  #nextInput(): Promise<IteratorResult<Chunk>> {
    if (this.#queued !== undefined) {
      const value = this.#queued;
      this.#queued = undefined;
      return Promise.resolve({ done: false, value });
    }
    if (this.#inputDone) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#signalWant?.();
    });
  }

  #offer(step: IteratorResult<Chunk>): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting.resolve(step);
    else if (step.done) this.#inputDone = true;
    else this.#queued = step.value;
  }

  /** What the generator yields until it wants more input (or, `untilEnd`, until it is done). */
  async #collect(untilEnd: boolean): Promise<Chunk[]> {
    const out: Chunk[] = [];
    while (!this.#finished) {
      const wants = new Promise<"wants-input">((resolve) => {
        this.#signalWant = () => resolve("wants-input");
      });
      // next() runs the generator synchronously up to its first await, which
      // may be the request for the next input: look after calling it.
      const pending = (this.#pendingOut ??= this.#output.next());
      if (!untilEnd && this.#waiting && this.#queued === undefined) break;
      const step = untilEnd ? await pending : await Promise.race([pending, wants]);
      if (step === "wants-input") continue;
      this.#pendingOut = undefined;
      if (step.done) this.#finished = true;
      else out.push(step.value);
    }
    this.#signalWant = undefined;
    return out;
  }
}

/**
 * Both forms as a generator. Calling a generator function runs none of its
 * code, so calling `transform` once tells the forms apart safely.
 */
export function asGenerator(transform: ByteTransform): ChunkGenerator {
  return (chunks) => {
    const made = (transform as (input: AsyncIterable<Chunk>) => unknown)(chunks);
    if (!isTransformStream(made)) return made as AsyncIterable<Chunk>;
    return ReadableStream.from(chunks).pipeThrough(made) as unknown as AsyncIterable<Chunk>;
  };
}

function isTransformStream(value: unknown): value is TransformStream<Chunk, Chunk> {
  const v = value as Partial<TransformStream> | null;
  return v != null && typeof v === "object" && v.readable instanceof ReadableStream && v.writable instanceof WritableStream;
}
