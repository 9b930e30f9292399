import type { Body, Chunk } from "./types.js";

/**
 * Returns a body that yields what `body` yields and whose `close()` closes
 * `body` and then runs `callback`, each exactly once (Rack's BodyProxy).
 * Use it to release a resource when the response is done, whatever happened.
 * Arrays stay arrays, so the server's fast path still applies.
 */
export function onClose(body: Body, callback: () => void | Promise<void>): Body {
  let closed = false;
  const close = (): void | Promise<void> => {
    if (closed) return;
    closed = true;
    let inner: void | Promise<void>;
    try {
      inner = body.close?.();
    } catch (error) {
      return runThenThrow(callback, error);
    }
    if (inner instanceof Promise) {
      return inner.then(callback, (error: unknown) => runThenThrow(callback, error));
    }
    return callback();
  };
  if (Array.isArray(body)) return Object.assign(body.slice() as Chunk[], { close });
  const iterable = body as Partial<Iterable<Chunk> & AsyncIterable<Chunk>>;
  const proxy: Body & Record<symbol, unknown> = { close } as Body & Record<symbol, unknown>;
  if (typeof iterable[Symbol.asyncIterator] === "function") {
    proxy[Symbol.asyncIterator] = () => iterable[Symbol.asyncIterator]!();
  } else {
    proxy[Symbol.iterator] = () => iterable[Symbol.iterator]!();
  }
  return proxy;
}

async function runThenThrow(callback: () => void | Promise<void>, error: unknown): Promise<never> {
  await callback();
  throw error;
}
