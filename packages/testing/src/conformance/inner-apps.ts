import type { App, Body, Chunk, Environ, HeaderList, StartResponse } from "@tsgi/core";
import type { Probe } from "./probe.js";

const utf8 = new TextEncoder();
export const GREETING = ["hello ", "conformance ", "kit\n"].map((s) => utf8.encode(s));
export const GREETING_LENGTH = GREETING.reduce((n, c) => n + c.byteLength, 0);
/** The size of one chunk of the endless body. */
export const ENDLESS_CHUNK = 1024;

export type Shape = "array" | "sync" | "async";

interface BodyHooks {
  /** Runs at the step with index `firstAt` (a lazy startResponse, a late excInfo). */
  first?: () => void;
  /** Default 0: the first step. */
  firstAt?: number;
  /** Throw instead of giving the chunk with this index. */
  failAt?: number;
}

/** A body of `chunks` in the given shape that tells `probe` about every step, return() and close(). */
export function probeBody(probe: Probe, chunks: Chunk[], shape: Shape, hooks: BodyHooks = {}): Body {
  probe.bodyReturned = true;
  const close = (): void => probe.onClose();
  if (shape === "array") {
    for (const c of chunks) probe.yielded(c);
    return Object.assign(chunks.slice(), { close });
  }
  let i = 0;
  const step = (): IteratorResult<Chunk> => {
    if (i === (hooks.firstAt ?? 0)) hooks.first?.();
    if (i === hooks.failAt) {
      i++;
      throw new Error("the inner body failed mid-stream (conformance kit)");
    }
    if (i >= chunks.length) return { done: true, value: undefined };
    const chunk = chunks[i++]!;
    probe.yielded(chunk);
    return { done: false, value: chunk };
  };
  const stop = (): IteratorResult<Chunk> => {
    probe.onReturn();
    i = Infinity;
    return { done: true, value: undefined };
  };
  if (shape === "sync") {
    return { [Symbol.iterator]: () => ({ next: step, return: stop }), close };
  }
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        await Promise.resolve();
        return step();
      },
      return: async () => stop(),
    }),
    close,
  };
}

function okHeaders(length: number): HeaderList {
  return [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(length)],
    ["ETag", '"conformance-v1"'],
  ];
}

function seen(probe: Probe, environ: Environ): void {
  probe.calls++;
  probe.path = environ.SCRIPT_NAME + environ.PATH_INFO;
}

/** A 200 with three chunks, Content-Length and a strong ETag, from a sync or async app. */
export function okApp(probe: Probe, shape: Shape, asyncApp: boolean): App {
  const answer = (environ: Environ, startResponse: StartResponse): Body => {
    seen(probe, environ);
    startResponse("200 OK", okHeaders(GREETING_LENGTH));
    return probeBody(probe, GREETING, shape);
  };
  return asyncApp ? async (environ, startResponse) => answer(environ, startResponse) : answer;
}

/** A 200 whose headers the kit's server refuses (REFUSED_HEADER), with a body that must still be closed. */
export function refusedApp(probe: Probe, refusedHeader: string): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    // When this startResponse throws (a middleware passing it straight on), no body was made: nothing to close.
    startResponse("200 OK", [...okHeaders(GREETING_LENGTH), [refusedHeader, "1"]]);
    return probeBody(probe, GREETING, "async");
  };
}

/** startResponse only in the body's first step (SPEC §5.5). */
export function lazyApp(probe: Probe): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    return probeBody(probe, GREETING, "async", { first: () => startResponse("200 OK", okHeaders(GREETING_LENGTH)) });
  };
}

/** A response that has no body by its status: 204, or 304 with the representation's headers. */
export function noBodyApp(probe: Probe, code: 204 | 304): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    if (code === 204) startResponse("204 No Content", []);
    else startResponse("304 Not Modified", [["ETag", '"conformance-v1"'], ["Content-Length", String(GREETING_LENGTH)]]);
    return probeBody(probe, [], "async");
  };
}

/** A 206 for the first five bytes. */
export function partialApp(probe: Probe): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    startResponse("206 Partial Content", [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Range", `bytes 0-4/${GREETING_LENGTH}`],
      ["Content-Length", "5"],
      ["ETag", '"conformance-v1"'],
    ]);
    return probeBody(probe, [utf8.encode("hello")], "async");
  };
}

/** Throws before calling startResponse, or after it but before returning a body. */
export function throwingApp(probe: Probe, afterStart: boolean): App {
  return async (environ, startResponse) => {
    seen(probe, environ);
    if (afterStart) startResponse("200 OK", [["Content-Type", "text/plain"]]);
    throw new Error("the inner app failed (conformance kit)");
  };
}

/** Yields one chunk, then fails: the response must be aborted, not ended cleanly. */
export function failingStreamApp(probe: Probe): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
    return probeBody(probe, [utf8.encode("partial "), utf8.encode("never sent")], "async", { failAt: 1 });
  };
}

export const INNER_ERROR_PAGE = utf8.encode("inner error page\n");

/**
 * Starts 200, yields an empty chunk (which sends nothing, §5.5), then replaces
 * the 200 with a 500 through excInfo, before any byte (SPEC §5.4). A
 * middleware that turns the empty chunk into bytes (a compressor writing its
 * header) has sent the headers by then, and the error page cannot go out.
 */
export function lateExcInfoApp(probe: Probe): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
    const restart = (): void => {
      const error = new Error("the inner app failed after startResponse (conformance kit)");
      try {
        startResponse("500 Internal Server Error", [["Content-Type", "text/plain; charset=utf-8"]], error);
      } catch (refused) {
        probe.excInfoRefused = refused;
        throw refused;
      }
    };
    return probeBody(probe, [new Uint8Array(0), INNER_ERROR_PAGE], "async", { first: restart, firstAt: 1 });
  };
}

/** Reads the whole request body and answers with it. */
export function echoApp(probe: Probe): App {
  return async (environ, startResponse) => {
    seen(probe, environ);
    const parts: Chunk[] = [];
    for await (const chunk of environ["tsgi.input"]) parts.push(chunk);
    const total = parts.reduce((n, c) => n + c.byteLength, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of parts) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    probe.readBody = bytes;
    startResponse("200 OK", [["Content-Type", "application/octet-stream"], ["Content-Length", String(total)]]);
    return probeBody(probe, [bytes], "array");
  };
}

/**
 * An endless, slow stream (one chunk per event-loop turn). When the
 * middleware pulls more than `allowance` chunks ahead of what it has passed
 * on, or `firstBytes` bytes before its first byte, it tells the kit and ends,
 * so a middleware that collects the body fails the check instead of hanging.
 */
export function endlessApp(probe: Probe, allowance: number, firstBytes: number): App {
  return (environ, startResponse) => {
    seen(probe, environ);
    startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
    probe.bodyReturned = true;
    let stopped = false;
    const next = async (): Promise<IteratorResult<Chunk>> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!stopped && probe.chunks - probe.outerSteps > allowance) {
        probe.stall(`it pulled ${probe.chunks} inner chunks but passed on only ${probe.outerSteps}`);
      } else if (!stopped && probe.outerBytes === 0 && probe.bytes > firstBytes) {
        probe.stall(`it pulled ${probe.bytes} bytes of a streaming body without passing on one byte`);
      }
      if (probe.stallReason !== undefined) return { done: true, value: undefined }; // let a collecting middleware finish
      if (stopped) {
        await probe.stopped.promise;
        return { done: true, value: undefined };
      }
      const chunk = new Uint8Array(ENDLESS_CHUNK).fill(97);
      probe.yielded(chunk);
      return { done: false, value: chunk };
    };
    return {
      [Symbol.asyncIterator]: () => ({
        next,
        return: async () => {
          stopped = true;
          probe.onReturn();
          return { done: true, value: undefined };
        },
      }),
      close: () => {
        stopped = true;
        probe.onClose();
      },
    };
  };
}
