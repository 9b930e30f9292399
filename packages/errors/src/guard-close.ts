import { closeOnce, type Body } from "@tsgi/core";

/**
 * The same body, whose `close()` closes the inner body once, however often
 * it is called, and reports an error of the inner close() instead of
 * throwing it. By then the response is complete or already being torn down,
 * so a throw would only reach the server, which would log the same error a
 * second time. Arrays stay arrays (the server's fast path).
 */
export function guardClose(body: Body, report: (error: unknown) => void): Body {
  if (typeof body.close !== "function") return body;
  const closeInner = closeOnce(body);
  const close = async (): Promise<void> => {
    try {
      await closeInner();
    } catch (error) {
      report(error);
    }
  };
  if (Array.isArray(body)) return Object.assign((body as Uint8Array[]).slice(), { close });
  const iterable = body as Partial<Iterable<Uint8Array> & AsyncIterable<Uint8Array>>;
  if (typeof iterable[Symbol.asyncIterator] === "function") {
    return { [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator]!(), close };
  }
  return { [Symbol.iterator]: () => iterable[Symbol.iterator]!(), close };
}
