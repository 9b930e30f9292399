/**
 * Reads a WHATWG ReadableStream one chunk per `next()`, so the consumer's pace
 * is the stream's pace. Leaving early (return/throw) cancels the stream, which
 * tells its source to stop; reaching the end only releases the lock.
 */
export async function* streamChunks(stream: ReadableStream<unknown>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) {
        finished = true;
        return;
      }
      const chunk = toBytes(step.value);
      if (chunk.byteLength > 0) yield chunk;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

const encoder = new TextEncoder();

/** Stream chunks should be bytes; strings (from hand-made streams) become UTF-8. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === "string") return encoder.encode(value);
  throw new TypeError(`a body stream produced ${describe(value)}, expected bytes (Uint8Array)`);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `an instance of ${name}` : "an object";
}
