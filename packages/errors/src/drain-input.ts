import type { InputStream } from "@tsgi/core";

const STEP = 16 * 1024;

/**
 * Reads and discards what is left of the request body, up to `limit` bytes,
 * so the connection can carry the next request. Resolves true when the body
 * was read to its end. A body the client has not started to send (Expect:
 * 100-continue) is left alone: reading it would ask the client for bytes
 * only to throw them away. A failing read (the client left) resolves false.
 */
export async function drainInput(input: InputStream | undefined, limit: number, expect: unknown): Promise<boolean> {
  if (input === undefined || typeof input.read !== "function") return false;
  if (typeof expect === "string" && /100-continue/i.test(expect)) return false;
  let drained = 0;
  try {
    while (drained <= limit) {
      const chunk = await input.read(Math.min(STEP, limit - drained + 1));
      if (chunk.byteLength === 0) return true;
      drained += chunk.byteLength;
    }
  } catch {
    return false;
  }
  return false;
}
