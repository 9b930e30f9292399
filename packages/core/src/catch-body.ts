import { InnerBody } from "./inner-body.js";
import type { Body, Chunk } from "./types.js";

export interface BodyErrorInfo {
  /**
   * True once a non-empty chunk has been yielded to the caller: the server may
   * have sent the headers, so the status can no longer change and the only
   * honest reaction is to abort (re-throw).
   */
  headersSent: boolean;
  /** Bytes yielded before the error. */
  bytes: number;
}

type OnError = (error: unknown, info: BodyErrorInfo) => Iterable<Chunk> | Promise<Iterable<Chunk>>;

/**
 * Streams `body` and hands an error thrown while iterating it to `onError`.
 * Before any byte went out, `onError` may call startResponse again with
 * excInfo and return replacement chunks (an error page); afterwards it should
 * re-throw so the server aborts the connection rather than end it cleanly.
 * The inner body's `return()` and `close()` are passed on at once and exactly
 * once. An Array body cannot fail while iterated, so it is returned as is.
 */
export function catchBody(body: Body, onError: OnError): Body & { close(): Promise<void> } {
  if (Array.isArray(body)) {
    const close = async (): Promise<void> => (body as Body).close?.();
    return Object.assign((body as Chunk[]).slice(), { close: once(close) });
  }
  const inner = new InnerBody(body);
  const info: BodyErrorInfo = { headersSent: false, bytes: 0 };
  let replacement: Iterator<Chunk> | undefined;
  let stopped = false;
  const iterator: AsyncIterator<Chunk> = {
    async next(): Promise<IteratorResult<Chunk>> {
      if (stopped) return { done: true, value: undefined };
      if (replacement !== undefined) return replacement.next();
      try {
        const step = await inner.next();
        if (!step.done && step.value.byteLength > 0) {
          info.headersSent = true;
          info.bytes += step.value.byteLength;
        }
        if (step.done) await inner.close();
        return step;
      } catch (error) {
        await inner.close().catch(() => {});
        replacement = (await onError(error, info))[Symbol.iterator]();
        return replacement.next();
      }
    },
    async return(): Promise<IteratorResult<Chunk>> {
      stopped = true;
      await inner.stop();
      return { done: true, value: undefined };
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: () => {
      stopped = true;
      return inner.close();
    },
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
