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
    for (const chunk of chunks) out.push(...(await stage.push(chunk)));
    out.push(...(await stage.end()));
  } catch (error) {
    stage.destroy();
    throw error;
  }
  return out;
}

export function byteLength(chunks: readonly Chunk[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  return total;
}
