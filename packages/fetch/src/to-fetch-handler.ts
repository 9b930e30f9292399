import {
  buildEnvironFromRequest,
  checkResponseHead,
  concat,
  createErrorStream,
  createInputStream,
  emptyInput,
  HttpError,
  isAsyncIterable,
  statusCode,
  statusHasNoBody,
} from "@tsgi/core";
import type { App, Body, Environ, ErrorStream, HeaderList, StartResponse } from "@tsgi/core";
import { DisconnectSignal } from "./disconnect-signal.js";
import { detectHeaderEncoding, latin1ToHeader, type HeaderEncoding } from "./header-bytes.js";
import { describe, streamChunks } from "./stream-chunks.js";

export interface ToFetchHandlerOptions<Args extends unknown[] = unknown[]> {
  /**
   * The client address for `REMOTE_ADDR`, from whatever the runtime hands the
   * handler besides the Request: Deno's `info.remoteAddr.hostname`, Bun's
   * `server.requestIP(request)?.address`. `REMOTE_ADDR` is absent without it.
   */
  getRemoteAddr?: (request: Request, ...args: Args) => string | undefined;
  /** Where `tsgi.errors` text goes (app errors are logged there). Default: `console.error`. */
  errors?: (text: string) => void;
  /**
   * Extra environ keys for each request, e.g. a Worker's bindings:
   * `(request, env, ctx) => ({ "cloudflare.env": env })`. Keys should be
   * lower-case and dotted with your own prefix (SPEC §3.6).
   */
  environ?: (request: Request, ...args: Args) => Record<string, unknown>;
  /** `tsgi.multiprocess`; default false. */
  multiprocess?: boolean;
  /**
   * How the runtime turns header bytes into strings. Default: `"utf-8"` on
   * workerd (detected through navigator.userAgent), `"latin1"` elsewhere.
   */
  headerEncoding?: HeaderEncoding;
}

/** A WHATWG fetch handler, as Bun.serve, Deno.serve and Workers call it. */
export type FetchHandler<Args extends unknown[] = unknown[]> = (request: Request, ...args: Args) => Promise<Response>;

type Step = IteratorResult<unknown, unknown>;
const GONE = Symbol("client gone");
interface ChunkIterator {
  next(): Step | Promise<Step>;
  return?(): unknown;
}

/**
 * Serves a tsgi app from any runtime that speaks WHATWG fetch (Bun, Deno,
 * Cloudflare Workers, Node's undici). Same rules as the node:http server:
 * headers go out with the first non-empty chunk, errors before that become a
 * generic 500, errors after it break the stream, and the body's `close()` is
 * called exactly once, including when the client goes away.
 */
export function toFetchHandler<Args extends unknown[] = unknown[]>(
  app: App,
  options: ToFetchHandlerOptions<Args> = {},
): FetchHandler<Args> {
  const sink = options.errors ?? ((text: string) => console.error(text.replace(/\n$/, "")));
  const errors = createErrorStream(sink);
  const resolved = { ...options, headerEncoding: options.headerEncoding ?? detectHeaderEncoding() };
  return (request, ...args) => serve(app, resolved, errors, request, args);
}

type Resolved<Args extends unknown[]> = ToFetchHandlerOptions<Args> & { headerEncoding: HeaderEncoding };

async function serve<Args extends unknown[]>(
  app: App,
  options: Resolved<Args>,
  errors: ErrorStream,
  request: Request,
  args: Args,
): Promise<Response> {
  let environ: Environ;
  try {
    environ = environFor(request, options, errors, args);
  } catch (error) {
    if (error instanceof HttpError) return plainResponse(error.status, error.expose ? error.message : undefined);
    throw error;
  }

  let status: string | undefined;
  let headerList: HeaderList | undefined;
  let headersSent = false;
  const startResponse: StartResponse = (s, h, excInfo) => {
    if (excInfo !== undefined) {
      if (headersSent) throw excInfo;
    } else if (status !== undefined) {
      throw new Error("startResponse was called a second time without excInfo (SPEC §5.4)");
    }
    statusCode(s);
    if (!Array.isArray(h)) throw new TypeError(`startResponse headers must be an array of [name, value] pairs, got ${describe(h)}`);
    status = s;
    headerList = h;
  };

  let body: Body | undefined;
  let closed = false;
  let onAbort: (() => void) | undefined;
  const disconnect = new DisconnectSignal();
  environ["tsgi.signal"] = disconnect.signal;
  const close = async (): Promise<void> => {
    if (onAbort !== undefined) request.signal.removeEventListener("abort", onAbort);
    if (!cancelled) disconnect.done();
    if (closed || body === undefined) return;
    closed = true;
    try {
      await body.close?.();
    } catch (error) {
      logError(errors, "the response body's close() failed", error);
    }
  };

  // Set when the runtime cancelled the response stream (the client left mid-body).
  let cancelled = false;
  let iterator: ChunkIterator | undefined;
  // True once the iterator reported done or its next() threw: no return() then.
  let exhausted = false;
  let inFlight: Promise<Step> | undefined;
  const nextStep = async (): Promise<Step> => {
    let step: Promise<Step> | undefined;
    try {
      step = Promise.resolve(iterator!.next());
      inFlight = step;
      const result = await step;
      if (result.done) exhausted = true;
      return result;
    } catch (error) {
      exhausted = true;
      throw error;
    } finally {
      if (inFlight === step) inFlight = undefined;
    }
  };
  // Stopping early: return() first, so generator finally blocks run, then
  // close() (SPEC §6 body.iterator-return).
  const finish = async (): Promise<void> => {
    const it = iterator;
    if (it !== undefined && !exhausted) {
      exhausted = true;
      if (inFlight === undefined) {
        try {
          await it.return?.();
        } catch (error) {
          logError(errors, "the response body's return() failed", error);
        }
      } else {
        // A pending next() cannot be interrupted; close() must not wait for
        // it, and return() follows once it settles.
        void inFlight.then(() => it.return?.()).catch(() => {});
      }
    }
    await close();
  };

  // Client gone: the runtime cancels the response stream (Bun, Deno,
  // workerd) or only aborts request.signal, possibly before headers.
  const signal = request.signal as AbortSignal | undefined;
  let clientGone = signal?.aborted === true;
  let stop: (() => Promise<void>) | undefined;
  let leftBeforeHeaders: (() => void) | undefined;
  const gone = new Promise<typeof GONE>((resolve) => (leftBeforeHeaders = () => resolve(GONE)));
  if (clientGone) {
    leftBeforeHeaders!();
    // Not before the app is called: the signal must be live then (SPEC [environ.signal]).
    queueMicrotask(() => disconnect.abort(signal!.reason));
  }
  if (signal !== undefined && !signal.aborted) {
    onAbort = () => {
      clientGone = true;
      disconnect.abort(signal.reason);
      leftBeforeHeaders!();
      void stop?.();
    };
    signal.addEventListener("abort", onAbort, { once: true });
  }

  const isHead = request.method === "HEAD";
  let first: Uint8Array | undefined;
  let finished = false;
  let response: { code: number; reason: string; headers: Headers; declaredLength: number | undefined };
  try {
    body = await app(environ, startResponse);
    iterator = iterate(body);
    // Headers are final only once the first non-empty chunk exists (SPEC §5.5);
    // HEAD and bodiless statuses need no chunk at all.
    for (;;) {
      if (status !== undefined && (isHead || statusHasNoBody(statusCode(status)))) break;
      // A body that never yields must not outlive a client that left.
      const step = await Promise.race([nextStep(), gone]);
      if (step === GONE) {
        await finish();
        return new Response(null, { status: 500 });
      }
      if (step.done) {
        finished = true;
        break;
      }
      const chunk = asChunk(step.value);
      if (chunk.byteLength > 0) {
        first = chunk;
        break;
      }
    }
    if (status === undefined) throw new Error("the app returned a body without calling startResponse (SPEC §5.5)");
    response = responseHead(status, headerList!, options.headerEncoding);
  } catch (error) {
    logError(errors, "the app failed before sending headers", error);
    await finish();
    return plainResponse(500);
  }
  headersSent = true;
  if (clientGone) {
    // Nobody will read this response; the body still gets its close().
    await finish();
    return new Response(null, { status: response.code, statusText: response.reason });
  }

  const init = { status: response.code, statusText: response.reason, headers: response.headers };
  if (isHead || statusHasNoBody(response.code) || (finished && first === undefined)) {
    await finish();
    if (!isHead && !statusHasNoBody(response.code) && response.declaredLength !== undefined && response.declaredLength > 0) {
      // The app promised bytes it never produced: a clean empty 200 would lie.
      logError(errors, "the app sent fewer bytes than its Content-Length", new Error(`0 of ${response.declaredLength} bytes`));
      return plainResponse(500);
    }
    return new Response(null, init);
  }

  if (Array.isArray(body)) {
    // Every chunk is already in memory: one buffer skips the stream machinery.
    const chunks = first === undefined ? [] : [first];
    let total = first?.byteLength ?? 0;
    try {
      for (let step = await nextStep(); !step.done; step = await nextStep()) {
        const chunk = asChunk(step.value);
        chunks.push(chunk);
        total += chunk.byteLength;
      }
      if (response.declaredLength !== undefined && response.declaredLength !== total) {
        throw new Error(`the app sent ${total} bytes but its Content-Length declared ${response.declaredLength}`);
      }
    } catch (error) {
      logError(errors, "the app failed before sending its body", error);
      await finish();
      return plainResponse(500);
    }
    await close();
    return new Response(concat(chunks, total), init);
  }

  const declared = response.declaredLength;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        try {
          let chunk = first;
          first = undefined;
          while (chunk === undefined) {
            if (finished) break;
            const step = await nextStep();
            if (cancelled) return;
            if (step.done) {
              finished = true;
              break;
            }
            const c = asChunk(step.value);
            if (c.byteLength > 0) chunk = c;
          }
          if (chunk === undefined) {
            if (declared !== undefined && sent < declared) {
              throw new Error(`the app sent ${sent} of the ${declared} bytes its Content-Length declared`);
            }
            await close();
            controller.close();
            return;
          }
          sent += chunk.byteLength;
          if (declared !== undefined && sent > declared) {
            throw new Error(`the app sent more bytes than its Content-Length of ${declared}`);
          }
          controller.enqueue(chunk);
        } catch (error) {
          if (cancelled) return;
          logError(errors, "the app failed after sending headers", error);
          await finish();
          // Errors the stream, so the client sees a broken response, never a clean end.
          controller.error(error);
        }
      },
      cancel: () => stop?.(),
    },
    { highWaterMark: 0 },
  );
  stop = async (): Promise<void> => {
    if (cancelled) return;
    cancelled = true;
    disconnect.abort();
    await finish();
  };
  return new Response(stream, init);
}

function environFor<Args extends unknown[]>(
  request: Request,
  options: Resolved<Args>,
  errors: ErrorStream,
  args: Args,
): Environ {
  // SPEC [server.whatwg-request]: path and query from the parsed URL, no tsgi.raw_uri (the runtime re-serialised it).
  const environ = buildEnvironFromRequest(request, {
    remoteAddr: options.getRemoteAddr?.(request, ...args),
    headerEncoding: options.headerEncoding,
    input: request.body === null ? emptyInput : createInputStream(streamChunks(request.body)),
    errors,
    multiprocess: options.multiprocess ?? false,
  });
  environ["fetch.request"] = request;
  if (options.environ !== undefined) Object.assign(environ, options.environ(request, ...args));
  return environ;
}

function responseHead(
  status: string,
  headerList: HeaderList,
  encoding: HeaderEncoding,
): { code: number; reason: string; headers: Headers; declaredLength: number | undefined } {
  // checkResponseHead also refuses 1xx and codes over 599, which a Response cannot carry.
  const { code, reason, contentLength } = checkResponseHead(status, headerList);
  const headers = new Headers();
  // Headers takes latin-1 values as the byte strings they are (workerd wants
  // them as UTF-8 text).
  for (const [name, value] of headerList) headers.append(name, latin1ToHeader(value, encoding));
  return { code, reason, headers, declaredLength: contentLength === -1 ? undefined : contentLength };
}

function iterate(body: Body): ChunkIterator {
  if (isAsyncIterable(body)) return body[Symbol.asyncIterator]();
  // A string is iterable, but its items are characters, not bytes.
  if (body != null && typeof body !== "string" && typeof (body as Iterable<unknown>)[Symbol.iterator] === "function") {
    return (body as Iterable<unknown>)[Symbol.iterator]();
  }
  throw new TypeError(`the app returned ${describe(body)}, expected an iterable of Uint8Array chunks`);
}

function asChunk(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`the app's body yielded ${describe(value)}; chunks must be Uint8Array (SPEC §6)`);
}

function plainResponse(status: number, message?: string): Response {
  const text = message ?? (status === 500 ? "Internal Server Error" : "Bad Request");
  return new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function logError(errors: ErrorStream, what: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  errors.write(`tsgi: ${what}: ${detail}\n`);
}
