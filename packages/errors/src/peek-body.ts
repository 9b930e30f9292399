import { isAsyncIterable, type Body, type Chunk } from "@tsgi/core";

/** A body after its first non-empty chunk was looked for. */
export type Peeked = { empty: true } | { empty: false; body: Body };

/**
 * Pulls `body` until its first non-empty chunk or its end, as a server does
 * before it sends the headers (SPEC §5.5), to learn whether it is empty.
 * An empty body is closed here. Otherwise the returned body replays what was
 * pulled, then the rest, and its close() stops the iterator and closes the
 * original once.
 */
export async function peekBody(body: Body): Promise<Peeked> {
  if (Array.isArray(body)) return (body as Chunk[]).every((c) => c.byteLength === 0) ? closed(body) : { empty: false, body };
  const iterator = isAsyncIterable(body) ? body[Symbol.asyncIterator]() : (body as Iterable<Chunk>)[Symbol.iterator]();
  const pulled: Chunk[] = [];
  let done = false;
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done) break;
      pulled.push(step.value);
      if (step.value.byteLength > 0) return { empty: false, body: replay(body, iterator, pulled) };
    }
    done = true;
  } finally {
    if (!done && pulled.every((c) => c.byteLength === 0)) await body.close?.();
  }
  return closed(body);
}

async function closed(body: Body): Promise<Peeked> {
  await body.close?.();
  return { empty: true };
}

function replay(body: Body, iterator: Iterator<Chunk> | AsyncIterator<Chunk>, pulled: Chunk[]): Body {
  let finished = false;
  let isClosed = false;
  const close = async (): Promise<void> => {
    if (isClosed) return;
    isClosed = true;
    try {
      if (!finished) await iterator.return?.();
    } finally {
      await body.close?.();
    }
  };
  async function* rest(): AsyncGenerator<Chunk> {
    yield* pulled;
    for (;;) {
      const step = await iterator.next();
      if (step.done) break;
      yield step.value;
    }
    finished = true;
  }
  return { [Symbol.asyncIterator]: rest, close };
}
