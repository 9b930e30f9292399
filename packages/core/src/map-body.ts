import { closeOnce, isAsyncIterable } from "./close-body.js";
import type { Body, Chunk } from "./types.js";

export interface MapBodyOptions {
  /** Bytes to add after the last chunk (a footer, a compressor's tail). */
  flush?: () => Chunk | undefined | Promise<Chunk | undefined>;
}

/**
 * Transforms each chunk of a body as it streams, keeping the inner body's
 * `close()` (called exactly once, even if the new body is never iterated) and
 * yielding once per inner chunk, so streaming stays streaming (§7.2).
 * Middleware that changes the body must also fix Content-Length.
 */
export function mapBody(
  body: Body,
  transform: (chunk: Chunk) => Chunk | Promise<Chunk>,
  options: MapBodyOptions = {},
): AsyncIterable<Chunk> & { close(): Promise<void> } {
  const close = closeOnce(body);
  async function* iterate(): AsyncGenerator<Chunk> {
    try {
      if (isAsyncIterable(body)) {
        for await (const chunk of body) yield await transform(chunk);
      } else {
        for (const chunk of body as Iterable<Chunk>) yield await transform(chunk);
      }
      const tail = await options.flush?.();
      if (tail !== undefined) yield tail;
    } finally {
      await close();
    }
  }
  return { [Symbol.asyncIterator]: iterate, close };
}
