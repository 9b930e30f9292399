import { InnerBody } from "./inner-body.js";
import type { Body, Chunk } from "./types.js";

/** How a response body ended, for loggers and metrics. */
export interface BodyOutcome {
  /**
   * `"done"`: the body ended normally; `"error"`: iterating it threw;
   * `"aborted"`: the server stopped before the end (client gone, HEAD, a
   * no-body status, a timeout) or closed it unread.
   */
  state: "done" | "error" | "aborted";
  /** Bytes the body yielded to the server (for an Array body: all it holds). */
  bytes: number;
  /** What was thrown, when `state` is `"error"`. */
  error?: unknown;
}

/**
 * Returns a body that yields what `body` yields and calls `callback` exactly
 * once with how it ended and how many bytes it yielded, at the moment that
 * is known (the end, the error, or the server's return()/close()). The inner
 * body's return() and close() are passed on at once and exactly once.
 *
 * An Array body stays an Array (the server's fast path) and is reported at
 * close() as `"done"` with the bytes it holds: a server sends an Array whole
 * or, for HEAD/204/304, not at all, which this cannot see.
 */
export function onBodyEnd(body: Body, callback: (outcome: BodyOutcome) => void): Body & { close(): Promise<void> } {
  let reported = false;
  const report = (outcome: BodyOutcome): void => {
    if (reported) return;
    reported = true;
    callback(outcome);
  };
  if (Array.isArray(body)) {
    const bytes = (body as Chunk[]).reduce((n, c) => n + c.byteLength, 0);
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        try {
          await (body as Body).close?.();
        } finally {
          report({ state: "done", bytes });
        }
      })());
    return Object.assign((body as Chunk[]).slice(), { close });
  }
  return observe(new InnerBody(body), report);
}

function observe(inner: InnerBody, report: (outcome: BodyOutcome) => void): Body & { close(): Promise<void> } {
  let bytes = 0;
  const iterator: AsyncIterator<Chunk> = {
    async next(): Promise<IteratorResult<Chunk>> {
      let step: IteratorResult<Chunk>;
      try {
        step = await inner.next();
      } catch (error) {
        report({ state: "error", bytes, error });
        throw error;
      }
      if (step.done) report({ state: "done", bytes });
      else bytes += step.value.byteLength;
      return step;
    },
    async return(): Promise<IteratorResult<Chunk>> {
      const stopping = inner.stop();
      report({ state: "aborted", bytes });
      await stopping;
      return { done: true, value: undefined };
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      const closing = inner.close();
      report({ state: "aborted", bytes });
      await closing;
    },
  };
}
