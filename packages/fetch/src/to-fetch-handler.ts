import { createErrorStream, HttpError } from "@tsgi/core";
import type { App, ErrorStream } from "@tsgi/core";
import { fetchEnviron, type ResolvedOptions } from "./fetch-environ.js";
import { FetchExchange } from "./fetch-exchange.js";
import { plainResponse } from "./fetch-head.js";
import { detectHeaderEncoding, type HeaderEncoding } from "./header-bytes.js";

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

async function serve<Args extends unknown[]>(
  app: App,
  options: ResolvedOptions<Args>,
  errors: ErrorStream,
  request: Request,
  args: Args,
): Promise<Response> {
  let exchange: FetchExchange;
  try {
    exchange = new FetchExchange(fetchEnviron(request, options, errors, args), request, errors);
  } catch (error) {
    if (error instanceof HttpError) return plainResponse(error.status, error.expose ? error.message : undefined);
    throw error;
  }
  return exchange.respond(app, request.method === "HEAD", options.headerEncoding);
}
