import type { Chunk } from "@tsgi/core";
import type { Stage } from "./stage.js";

/** A streaming byte transform as users write it: an async generator over the chunks. */
export type ChunkGenerator = (chunks: AsyncIterable<Chunk>) => AsyncIterable<Chunk>;

type Step = { kind: "out"; result: IteratorResult<Chunk> } | { kind: "wants-input" };

/**
 * Runs a user's generator as a pipeline stage. The generator pulls from an
 * input that holds at most one chunk, so it can never read ahead of what the
 * client has taken; after each push we collect what it yields until it asks
 * for the next chunk (or ends).
 */
export function generatorStage(transform: ChunkGenerator): Stage {
  let queued: Chunk | undefined;
  let inputDone = false;
  let waiting: { resolve: (r: IteratorResult<Chunk>) => void; reject: (e: unknown) => void } | undefined;
  let signalWant: (() => void) | undefined;
  let finished = false;
  const input: AsyncIterable<Chunk> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (queued !== undefined) {
          const value = queued;
          queued = undefined;
          return Promise.resolve({ done: false, value });
        }
        if (inputDone) return Promise.resolve({ done: true, value: undefined });
        return new Promise<IteratorResult<Chunk>>((resolve, reject) => {
          waiting = { resolve, reject };
          signalWant?.();
        });
      },
      return: () => Promise.resolve({ done: true, value: undefined }),
    }),
  };
  const output = transform(input)[Symbol.asyncIterator]();
  let pendingOut: Promise<IteratorResult<Chunk>> | undefined;

  const offer = (step: IteratorResult<Chunk>): void => {
    const w = waiting;
    waiting = undefined;
    if (w) w.resolve(step);
    else if (step.done) inputDone = true;
    else queued = step.value;
  };
  const collect = async (untilEnd: boolean): Promise<Chunk[]> => {
    const out: Chunk[] = [];
    for (;;) {
      if (finished) return out;
      const wants = new Promise<Step>((resolve) => {
        signalWant = () => resolve({ kind: "wants-input" });
      });
      // next() runs the generator synchronously up to its first await, which
      // may be the request for the next input: check after calling it.
      pendingOut ??= output.next();
      if (!untilEnd && waiting && queued === undefined) {
        signalWant = undefined;
        return out;
      }
      const step = untilEnd ? { kind: "out" as const, result: await pendingOut } : await Promise.race([pendingOut.then((result) => ({ kind: "out" as const, result })), wants]);
      signalWant = undefined;
      if (step.kind === "wants-input") continue;
      pendingOut = undefined;
      if (step.result.done) finished = true;
      else out.push(step.result.value);
    }
  };
  return {
    async push(chunk) {
      offer({ done: false, value: chunk });
      return collect(false);
    },
    async end() {
      offer({ done: true, value: undefined });
      return collect(true);
    },
    destroy() {
      if (finished) return;
      finished = true;
      waiting?.reject(new Error("the response was abandoned"));
      waiting = undefined;
      pendingOut?.catch(() => {});
      output.return?.().catch(() => {});
    },
  };
}

/**
 * A streaming byte transform as users write it: an async generator function
 * over the chunks, or a factory of TransformStreams (one per response).
 */
export type ByteTransform = ChunkGenerator | (() => TransformStream<Chunk, Chunk>);

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
