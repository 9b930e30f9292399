import type { Body, Chunk } from "../types.js";
import { describeValue } from "../describe-value.js";
import { hasNoBody, type RequestState } from "./request-state.js";
import { closed, watchForClose } from "./unclosed-bodies.js";

/**
 * The body the server sees (SPEC.md §6). It yields exactly what the app's
 * body yields, one chunk per chunk, checking each; it keeps the app's body
 * sync or async, and an Array stays an Array. Its close() closes the app's
 * body exactly once, however often the server calls it.
 */
export function wrapBody(body: Body, state: RequestState): Body {
  const { r } = state;
  let iterated = false;
  let pending = false;
  let done = false;
  let returned = false;
  let closeCalls = 0;
  let nonEmptySeen = false;
  /** For an Array body: a description of how the app changed it after returning it, if it did. */
  let arrayChange: (() => string | undefined) | undefined;

  function beforeNext(): void {
    if (closeCalls > 0) r.fail("body.after-close", "the server asked for a chunk after calling close()");
    if (pending) r.fail("body.one-at-a-time", "the server called next() while an earlier next() was still pending");
    if (state.method === "HEAD" && nonEmptySeen) {
      r.fail("server.head", "the server pulled another chunk of a HEAD response after the headers were known");
    }
    r.rethrowSwallowed();
  }

  function afterStep(step: unknown, throwsBefore: number): void {
    if (state.excInfoThrows > throwsBefore) {
      r.fail("start-response.no-catch", "the app caught the error startResponse threw for excInfo after the headers were sent, and carried on");
    }
    if (typeof step !== "object" || step === null) {
      r.fail("body.chunk-type", `the body's iterator gave ${describeValue(step)} instead of an iterator result`);
      return;
    }
    const { done: isDone, value } = step as IteratorResult<unknown>;
    if (isDone) {
      done = true;
      ended();
    } else {
      chunk(value);
    }
    r.rethrowSwallowed();
  }

  function chunk(value: unknown): void {
    if (!state.started) r.fail("start-response.before-body", "the body yielded a chunk before startResponse was called");
    if (!(value instanceof Uint8Array)) {
      r.fail("body.chunk-type", `every chunk must be a Uint8Array, got ${describeValue(value)}`);
      return;
    }
    if (value.byteLength === 0) return;
    nonEmptySeen = true;
    counted(value.byteLength);
  }

  function counted(length: number): void {
    if (hasNoBody(state.code)) r.fail("body.no-body-status", `a ${state.code} response must have no body, got ${length} bytes`);
    if (!state.warnedContentType && !state.facts.hasContentType && !hasNoBody(state.code)) {
      state.warnedContentType = true;
      r.warn("headers.content-type", "a response with a body should have a Content-Type header");
    }
    state.headersSent = true;
    state.bytes += length;
    const declared = checkedLength();
    if (declared !== undefined && state.bytes > declared) {
      r.fail("body.content-length", `the body yielded ${state.bytes} bytes, more than Content-Length ${declared}`);
    }
  }

  function ended(): void {
    if (!state.started) r.fail("start-response.before-body", "the body ended before startResponse was called");
    state.headersSent = true;
    const declared = checkedLength();
    if (declared !== undefined && state.bytes !== declared) {
      r.fail("body.content-length", `the body yielded ${state.bytes} bytes, but Content-Length is ${declared}`);
    }
  }

  // HEAD and 304 responses may declare the length of the body they leave out.
  function checkedLength(): number | undefined {
    return state.method === "HEAD" || state.code === 304 ? undefined : state.facts.contentLength;
  }

  function failed(error: unknown): never {
    done = true;
    r.surfaced(error);
    throw error;
  }

  function firstIteration(): void {
    if (closeCalls > 0) r.fail("body.after-close", "the server started iterating the body after calling close()");
    if (iterated) r.fail("body.once", "the server iterated the body a second time");
    iterated = true;
  }

  const close = (): void | Promise<void> => {
    closeCalls++;
    if (closeCalls > 1) {
      r.fail("body.close-once", `the server called close() ${closeCalls} times`);
      return;
    }
    closed(wrapper);
    state.headersSent = true;
    // Looked at before the app's close() runs, which may legitimately empty the Array.
    const changed = arrayChange?.();
    const after = (): void => {
      if (changed !== undefined) r.fail("body.array-fixed", changed);
      if (iterated && !done && !returned) {
        r.fail("body.iterator-return", "the server stopped iterating and called close() without first calling the iterator's return()");
      }
      r.rethrowSwallowed();
    };
    const inner = typeof body.close === "function" ? body.close() : undefined;
    if (inner !== undefined && typeof (inner as Promise<void>).then === "function") return (inner as Promise<void>).then(after);
    after();
  };

  let wrapper: Body;
  if (Array.isArray(body)) {
    wrapper = wrapArray(body as Chunk[]);
  } else if (typeof (body as AsyncIterable<Chunk>)[Symbol.asyncIterator] === "function") {
    wrapper = {
      [Symbol.asyncIterator](): AsyncIterator<Chunk> {
        firstIteration();
        const it = (body as AsyncIterable<Chunk>)[Symbol.asyncIterator]();
        return {
          async next(): Promise<IteratorResult<Chunk>> {
            beforeNext();
            pending = true;
            const throwsBefore = state.excInfoThrows;
            let step: IteratorResult<Chunk>;
            try {
              step = await it.next();
            } catch (error) {
              failed(error);
            } finally {
              pending = false;
            }
            afterStep(step, throwsBefore);
            return step;
          },
          async return(): Promise<IteratorResult<Chunk>> {
            returned = true;
            if (!done) {
              done = true;
              await it.return?.();
            }
            return { done: true, value: undefined };
          },
        };
      },
      close,
    };
  } else {
    wrapper = {
      [Symbol.iterator](): Iterator<Chunk> {
        firstIteration();
        const it = (body as Iterable<Chunk>)[Symbol.iterator]();
        return {
          next(): IteratorResult<Chunk> {
            beforeNext();
            const throwsBefore = state.excInfoThrows;
            let step: IteratorResult<Chunk>;
            try {
              step = it.next();
            } catch (error) {
              failed(error);
            }
            afterStep(step, throwsBefore);
            return step;
          },
          return(): IteratorResult<Chunk> {
            returned = true;
            if (!done) {
              done = true;
              it.return?.();
            }
            return { done: true, value: undefined };
          },
        };
      },
      close,
    };
  }

  function wrapArray(chunks: Chunk[]): Body {
    // An Array body is complete when returned, so check it all now, where the
    // stack trace still points at the app.
    if (!state.started) r.fail("start-response.before-body", "the app returned an Array body before calling startResponse");
    let total = 0;
    chunks.forEach((c: unknown, i) => {
      if (!(c instanceof Uint8Array)) r.fail("body.chunk-type", `every chunk must be a Uint8Array, got ${describeValue(c)} at index ${i}`);
      else total += c.byteLength;
    });
    if (total > 0 && hasNoBody(state.code)) r.fail("body.no-body-status", `a ${state.code} response must have no body, got ${total} bytes`);
    if (total > 0 && !state.facts.hasContentType && !hasNoBody(state.code)) {
      state.warnedContentType = true;
      r.warn("headers.content-type", "a response with a body should have a Content-Type header");
    }
    const declared = checkedLength();
    if (declared !== undefined && total !== declared) {
      r.fail("body.content-length", `the Array body holds ${total} bytes, but Content-Length is ${declared}`);
    }
    const copy = chunks.slice();
    // The server reads the copy, so a change would go unnoticed; compare at close().
    arrayChange = () => {
      if (chunks.length !== copy.length) return `the app changed its Array body after returning it: ${copy.length} chunks became ${chunks.length}`;
      const i = chunks.findIndex((c, k) => c !== copy[k]);
      return i === -1 ? undefined : `the app changed its Array body after returning it: chunk ${i} was replaced`;
    };
    Object.defineProperty(copy, Symbol.iterator, {
      value: function* iterate(): Generator<Chunk> {
        firstIteration();
        let i = 0;
        try {
          while (i < copy.length) {
            beforeNext();
            const c = copy[i++]!;
            if (c.byteLength > 0) {
              nonEmptySeen = true;
              state.headersSent = true;
            }
            yield c;
          }
          done = true;
          state.headersSent = true;
        } finally {
          if (!done) returned = true;
        }
      },
    });
    return Object.assign(copy, { close });
  }

  watchForClose(wrapper, r, state.label);
  return wrapper;
}
