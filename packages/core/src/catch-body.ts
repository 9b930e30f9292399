import { closeOnce, isAsyncIterable } from "./close-body.js";
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

/**
 * Streams `body` and hands an error thrown while iterating it to `onError`.
 * Before any byte went out, `onError` may call startResponse again with
 * excInfo and return replacement chunks (an error page); afterwards it should
 * re-throw so the server aborts the connection rather than end it cleanly.
 * The inner body is closed exactly once in every case.
 */
export function catchBody(
  body: Body,
  onError: (error: unknown, info: BodyErrorInfo) => Iterable<Chunk> | Promise<Iterable<Chunk>>,
): AsyncIterable<Chunk> & { close(): Promise<void> } {
  const close = closeOnce(body);
  async function* iterate(): AsyncGenerator<Chunk> {
    const info: BodyErrorInfo = { headersSent: false, bytes: 0 };
    let replacement: Iterable<Chunk>;
    try {
      const source = isAsyncIterable(body) ? body : (body as Iterable<Chunk>);
      for await (const chunk of source) {
        if (chunk.byteLength > 0) {
          info.headersSent = true;
          info.bytes += chunk.byteLength;
        }
        yield chunk;
      }
      return;
    } catch (error) {
      replacement = await onError(error, info);
    } finally {
      await close();
    }
    yield* replacement;
  }
  return { [Symbol.asyncIterator]: iterate, close };
}
