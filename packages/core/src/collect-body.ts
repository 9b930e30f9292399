import { isAsyncIterable } from "./close-body.js";
import { concat } from "./input-stream.js";
import type { Body, Chunk } from "./types.js";

/** Reads a whole body into one Uint8Array and closes it, also on error. */
export async function collectBody(body: Body): Promise<Uint8Array> {
  const chunks: Chunk[] = [];
  try {
    if (isAsyncIterable(body)) {
      for await (const chunk of body) chunks.push(chunk);
    } else {
      for (const chunk of body as Iterable<Chunk>) chunks.push(chunk);
    }
  } finally {
    await body.close?.();
  }
  return concat(chunks);
}
