import { InnerBody, type Body, type Chunk } from "@tsgi/core";

/** A body after its first non-empty chunk was looked for. */
export type Peeked = { empty: true } | { empty: false; body: Body };

/**
 * Pulls `body` until its first non-empty chunk or its end, as a server does
 * before it sends the headers (SPEC §5.5), to learn whether it is empty.
 * An empty body is closed here (and an error thrown while pulling closes it
 * too). Otherwise the returned body replays what was pulled, then the rest;
 * its return() and close() reach the original at once, exactly once.
 */
export async function peekBody(body: Body): Promise<Peeked> {
  if (Array.isArray(body)) {
    if ((body as Chunk[]).some((chunk) => chunk.byteLength > 0)) return { empty: false, body };
    await (body as Body).close?.();
    return { empty: true };
  }
  const inner = new InnerBody(body);
  const pulled: Chunk[] = [];
  try {
    for (;;) {
      const step = await inner.next();
      if (step.done) break;
      pulled.push(step.value);
      if (step.value.byteLength > 0) return { empty: false, body: replay(pulled, inner) };
    }
  } catch (error) {
    await inner.close().catch(() => {});
    throw error;
  }
  await inner.close();
  return { empty: true };
}

function replay(pulled: Chunk[], inner: InnerBody): Body {
  const iterator: AsyncIterator<Chunk> = {
    async next() {
      const early = pulled.shift();
      if (early !== undefined) return { done: false, value: early };
      const step = await inner.next();
      if (step.done) await inner.close();
      return step;
    },
    async return() {
      pulled.length = 0;
      await inner.stop();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator, close: () => inner.close() };
}
