import type { Chunk } from "@tsgi/core";
import type { Stage } from "./stage.js";

/**
 * Runs a complete (Array) body through `stage` at once. The whole result is
 * then known before answering, so the caller can send an exact
 * Content-Length and keep the server's Array fast path.
 */
export async function runWhole(chunks: readonly Chunk[], stage: Stage): Promise<Chunk[]> {
  const out: Chunk[] = [];
  try {
    // Index loops: an Array body is read by index, never iterated (a
    // validator counts iteration as pulling, which HEAD must not do).
    for (let i = 0; i < chunks.length; i++) out.push(...(await stage.push(chunks[i]!)));
    out.push(...(await stage.end()));
  } catch (error) {
    stage.destroy();
    throw error;
  }
  return out;
}

export function byteLength(chunks: readonly Chunk[]): number {
  let total = 0;
  for (let i = 0; i < chunks.length; i++) total += chunks[i]!.byteLength;
  return total;
}
