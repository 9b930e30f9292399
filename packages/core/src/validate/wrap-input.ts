import type { InputStream } from "../types.js";
import { describeValue } from "../describe-value.js";
import type { Reporter } from "./reporter.js";

/**
 * Puts a checking layer between the app and `tsgi.input` (SPEC.md §3.4): the
 * app's arguments and call pattern on the way in, the server's results on the
 * way out. It offers only the spec's methods, plus a close() that fails.
 */
export function wrapInput(input: InputStream, contentLength: string | undefined, r: Reporter): InputStream {
  const declared = contentLength !== undefined && /^\d+$/.test(contentLength) ? Number(contentLength) : undefined;
  let pending = false;
  let eof = false;
  let total = 0;

  function begin(what: string): void {
    if (pending) r.failIntoApp("input.one-at-a-time", `tsgi.input.${what} was called while an earlier call was still pending`);
    pending = true;
  }

  function checkSize(what: string, size: unknown): void {
    if (size !== undefined && !(typeof size === "number" && Number.isInteger(size) && size >= 0)) {
      r.failIntoApp("input.size-arg", `tsgi.input.${what} size must be omitted or a non-negative integer, got ${describeValue(size)}`);
    }
  }

  /** Checks one result of the server; `asked` is the size limit, Infinity for none. */
  function received(what: string, chunk: unknown, asked: number, isEnd: boolean): void {
    if (!(chunk instanceof Uint8Array)) {
      r.failIntoApp("input.return", `tsgi.input.${what} must give a Uint8Array, got ${describeValue(chunk)}`);
      return;
    }
    if (chunk.byteLength > asked) {
      r.failIntoApp("input.return", `tsgi.input.${what} gave ${chunk.byteLength} bytes, more than the ${asked} asked for`);
    }
    if (what === "readline") {
      const lf = chunk.indexOf(10);
      if (lf !== -1 && lf !== chunk.byteLength - 1) r.failIntoApp("input.return", "tsgi.input.readline gave bytes after the first LF");
    }
    if (chunk.byteLength > 0 && eof) {
      r.failIntoApp("input.eof", `tsgi.input.${what} gave ${chunk.byteLength} bytes after it had signalled the end of the body`);
    }
    total += chunk.byteLength;
    if (declared !== undefined && total > declared) {
      r.failIntoApp("input.content-length", `tsgi.input gave ${total} bytes, more than CONTENT_LENGTH ${declared}`);
    }
    if (isEnd && !eof) {
      eof = true;
      if (declared !== undefined && total < declared) {
        r.failIntoApp("input.content-length", `tsgi.input ended after ${total} bytes, but CONTENT_LENGTH is ${declared}`);
      }
    }
  }

  async function call(what: "read" | "readline", size: number | undefined, count: number): Promise<Uint8Array> {
    begin(what);
    try {
      if (count > 1) r.failIntoApp("input.size-arg", `tsgi.input.${what} takes at most one argument (size), got ${count}`);
      checkSize(what, size);
      const chunk = await (size === undefined ? input[what]() : input[what](size));
      const asked = typeof size === "number" && size >= 0 ? size : Infinity;
      // read() with no size returns the rest of the body, so it also reaches the end.
      const isEnd = (what === "read" && asked === Infinity) || (chunk instanceof Uint8Array && chunk.byteLength === 0 && asked > 0);
      received(what, chunk, asked, isEnd);
      return chunk;
    } finally {
      pending = false;
    }
  }

  return {
    read(size?: number) {
      return call("read", size, arguments.length);
    },
    readline(size?: number) {
      return call("readline", size, arguments.length);
    },
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      const inner = input[Symbol.asyncIterator]();
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          begin("next");
          try {
            const step = await inner.next();
            if (step.done) received("next", new Uint8Array(0), Infinity, true);
            else received("next", step.value, Infinity, false);
            return step;
          } finally {
            pending = false;
          }
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          await inner.return?.();
          return { done: true, value: undefined };
        },
      };
    },
    close(): never {
      r.failIntoApp("input.no-close", "the app must not close tsgi.input");
      return undefined as never;
    },
  } as InputStream;
}
