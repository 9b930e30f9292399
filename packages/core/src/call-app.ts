import { isAsyncIterable } from "./close-body.js";
import type { App, Body, Chunk, Environ, HeaderList, StartResponse } from "./types.js";

/** What an app answered: the status and headers it started, and its body. */
export interface AppResponse {
  status: string;
  headers: HeaderList;
  body: Body;
}

/**
 * Calls `app` and waits until it has called startResponse, pulling the body's
 * first chunks if the app starts the response lazily (§5.5). The result lets
 * middleware look at and change the status and headers before passing them on
 * with its own startResponse, then return (or wrap) `body`.
 *
 * Chunks pulled early are replayed, and `body.close()` closes the app's body,
 * exactly once. If the app fails before starting, its body is closed and the
 * error is thrown. A later startResponse with excInfo re-throws it, since the
 * caller may already have sent the headers.
 */
export async function callApp(app: App, environ: Environ): Promise<AppResponse> {
  let status: string | undefined;
  let headers: HeaderList | undefined;
  let handedOver = false;
  const startResponse: StartResponse = (s, h, excInfo) => {
    if (excInfo !== undefined) {
      if (handedOver) throw excInfo;
    } else if (status !== undefined) {
      throw new Error("startResponse was called a second time without excInfo (SPEC §5.4)");
    }
    status = s;
    headers = h;
  };
  const body = await app(environ, startResponse);
  if (status !== undefined) {
    handedOver = true;
    return { status, headers: headers!, body };
  }
  const pulled: Chunk[] = [];
  const iterator = isAsyncIterable(body) ? body[Symbol.asyncIterator]() : (body as Iterable<Chunk>)[Symbol.iterator]();
  let finished = false;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Stopping early must reach the app's iterator too, so a generator body's
    // finally runs (SPEC §6 [body.iterator-return]).
    try {
      if (!finished) {
        finished = true;
        await iterator.return?.();
      }
    } finally {
      await body.close?.();
    }
  };
  try {
    while (status === undefined) {
      const step = await iterator.next();
      if (step.done) {
        finished = true;
        break;
      }
      pulled.push(step.value);
    }
  } catch (error) {
    finished = true;
    await close();
    throw error;
  }
  if (status === undefined) {
    await close();
    throw new Error("the app returned a body without calling startResponse (SPEC §5.5)");
  }
  handedOver = true;
  async function* replay(): AsyncGenerator<Chunk> {
    try {
      yield* pulled;
      if (finished) return;
      for (;;) {
        const step = await iterator.next();
        if (step.done) {
          finished = true;
          return;
        }
        yield step.value;
      }
    } finally {
      await close();
    }
  }
  return { status, headers: headers!, body: { [Symbol.asyncIterator]: replay, close } };
}
