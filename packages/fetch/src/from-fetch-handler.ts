import { describeValue, isHopByHop, requestUri, statusLine, streamChunks } from "@tsgi/core";
import type { App, Body, Environ, HeaderList } from "@tsgi/core";
import { detectHeaderEncoding, headerToLatin1, latin1ToHeader, type HeaderEncoding } from "./header-bytes.js";
import { environHeaders } from "./environ-headers.js";

/** Any WHATWG fetch-style handler: a Hono app's `fetch`, itty-router, Remix… */
export type FetchStyleHandler = (request: Request) => Response | Promise<Response>;

export interface FromFetchHandlerOptions {
  /**
   * Give the handler the full URL, SCRIPT_NAME included. Default false: the
   * handler sees the mounted app's view (`/users` for `/api/users` mounted at
   * `/api`), which is what routers such as Hono's expect.
   */
  keepPrefix?: boolean;
  /**
   * How the runtime turns header bytes into strings. Default: `"utf-8"` on
   * workerd (detected through navigator.userAgent), `"latin1"` elsewhere.
   */
  headerEncoding?: HeaderEncoding;
}

// Expect was answered by our server already; hop-by-hop headers describe the
// client's connection to it. Neither belongs on the replayed request.
const SKIPPED_REQUEST_HEADERS = new Set(["expect"]);
const NO_BODY_METHODS = new Set(["GET", "HEAD"]);

/**
 * Turns a fetch-style handler into a tsgi app, so it can be mounted in a tsgi
 * stack under a prefix. The request body is `tsgi.input` streamed as a
 * ReadableStream; the response body is read from the Response chunk by chunk.
 * Closing the body before its end cancels the Response's stream and aborts
 * `request.signal`.
 */
export function fromFetchHandler(handler: FetchStyleHandler, options: FromFetchHandlerOptions = {}): App {
  if (typeof handler !== "function") {
    throw new TypeError(`fromFetchHandler: handler must be a function, got ${describeValue(handler)}`);
  }
  const keepPrefix = options.keepPrefix ?? false;
  const encoding = options.headerEncoding ?? detectHeaderEncoding();
  return async (environ, startResponse) => {
    const abort = new AbortController();
    followDisconnect(environ["tsgi.signal"], abort);
    const request = toRequest(environ, keepPrefix, encoding, abort.signal);
    const response: unknown = await handler(request);
    if (!(response instanceof Response)) {
      throw new TypeError(`fromFetchHandler: handler returned ${describeValue(response)}, expected a Response`);
    }
    if (response.bodyUsed || response.body?.locked === true) {
      throw new TypeError("fromFetchHandler: handler returned a Response whose body was already read or locked");
    }
    startResponse(statusLine(response.status, response.statusText || undefined), responseHeaders(response.headers, encoding));
    return responseBody(response, abort);
  };
}

/** The client leaving our server aborts the handler's `request.signal` too (SPEC [environ.signal]). */
function followDisconnect(signal: AbortSignal | undefined, abort: AbortController): void {
  if (signal === undefined || typeof signal.addEventListener !== "function") return;
  if (signal.aborted) abort.abort(signal.reason);
  else signal.addEventListener("abort", () => abort.abort(signal.reason), { once: true });
}

function toRequest(environ: Environ, keepPrefix: boolean, encoding: HeaderEncoding, signal: AbortSignal): Request {
  const url = requestUri(keepPrefix ? environ : { ...environ, SCRIPT_NAME: "" });
  const headers = new Headers();
  for (const [name, value] of environHeaders(environ, SKIPPED_REQUEST_HEADERS)) headers.set(name, latin1ToHeader(value, encoding));
  const method = environ.REQUEST_METHOD;
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (!NO_BODY_METHODS.has(method.toUpperCase()) && environ.CONTENT_LENGTH !== "0") {
    init.body = inputStream(environ);
    init.duplex = "half";
  } else {
    headers.delete("content-length");
  }
  return new Request(url, init);
}

function inputStream(environ: Environ): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= environ["tsgi.input"][Symbol.asyncIterator]();
        const step = await iterator.next();
        if (step.done) controller.close();
        else controller.enqueue(step.value);
      },
      async cancel() {
        await iterator?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function responseHeaders(headers: Headers, encoding: HeaderEncoding): HeaderList {
  const list: HeaderList = [];
  for (const [name, value] of headers) {
    if (name === "set-cookie" || isHopByHop(name)) continue;
    list.push([name, headerToLatin1(value, encoding)]);
  }
  // Iteration may join repeated Set-Cookie fields; getSetCookie keeps each one.
  const cookies = typeof headers.getSetCookie === "function" ? headers.getSetCookie() : [];
  for (const cookie of cookies) list.push(["set-cookie", headerToLatin1(cookie, encoding)]);
  return list;
}

function responseBody(response: Response, abort: AbortController): Body {
  const stream = response.body;
  if (stream === null) return [];
  const chunks = streamChunks(stream);
  let ended = false;
  let closed = false;
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const step = await chunks.next();
        if (step.done) ended = true;
        return step;
      },
    }),
    async close() {
      if (closed) return;
      closed = true;
      if (ended) return;
      abort.abort(new Error("the tsgi server closed the response before its end"));
      await chunks.return();
    },
  };
}
