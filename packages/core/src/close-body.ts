import type { Body } from "./types.js";

/** Calls `body.close()` if it has one, waiting for an async close. */
export async function closeBody(body: Body): Promise<void> {
  if (typeof body.close === "function") await body.close();
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}

export function isSyncIterable(value: unknown): value is Iterable<Uint8Array> {
  return value != null && typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
}

/**
 * A `close()` for a wrapping body: closes `body` the first time it is called
 * and does nothing after, so the inner body is closed exactly once however
 * often the wrapper is closed.
 */
export function closeOnce(body: Body): () => Promise<void> {
  let closed = false;
  return async () => {
    if (closed) return;
    closed = true;
    await body.close?.();
  };
}
