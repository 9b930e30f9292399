import { buildEnviron } from "./build-environ.js";
import { createInputStream, emptyInput } from "./input-stream.js";
import { utf8ToLatin1 } from "./percent-encoding.js";
import { streamChunks } from "./stream-chunks.js";
import type { Environ, ErrorStream, InputStream } from "./types.js";

/** What a server built on a WHATWG `Request` (Bun.serve, Deno.serve, a worker) knows besides the Request. */
export interface RequestEnvironOptions {
  /** The server's host name or IP (bracketed IPv6); default the request URL's host name. */
  serverName?: string;
  /** The port as digits; default the request URL's port, or 80/443 by scheme. */
  serverPort?: string;
  remoteAddr?: string | undefined;
  remotePort?: string | undefined;
  /** `HTTP/1.1` when the runtime does not say (SPEC [server.whatwg-request]). */
  protocol?: string;
  /** The request-target exactly as received, when the runtime gives it; only then is `tsgi.raw_uri` set. */
  rawTarget?: string;
  errors: ErrorStream;
  /**
   * How the runtime's Headers turned header bytes into strings: `"latin1"` (the Fetch standard's
   * ByteString: Node, Bun, Deno; default) or `"utf-8"` (workerd decodes UTF-8, so any non-ASCII
   * character is re-encoded).
   */
  headerEncoding?: "latin1" | "utf-8";
  /** Default: a `tsgi.input` over `request.body`, pulled as the app reads. */
  input?: InputStream;
  multithread?: boolean;
  multiprocess?: boolean;
  runOnce?: boolean;
}

const NOT_LATIN1 = /[^\x00-\xff]/;
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Builds the environ for a WHATWG `Request` as SPEC [server.whatwg-request]
 * says: the path and query come from the already-parsed URL (so a runtime's
 * dot-segment removal shows, and nothing more is normalised), header values
 * as the Headers object joined them, `HTTP_HOST` from the URL's authority when
 * no Host field came (HTTP/2's `:authority`), and no `tsgi.raw_uri` unless the
 * raw target is known. Throws `HttpError` 400/501 exactly as `buildEnviron`.
 */
export function buildEnvironFromRequest(request: Request, options: RequestEnvironOptions): Environ {
  const url = new URL(request.url);
  const https = url.protocol === "https:";
  const rawHeaders: string[] = [];
  let hasHost = false;
  // Headers are ByteStrings by the Fetch standard; a character above U+00FF
  // can only come from a runtime that decoded UTF-8, so encode it back.
  const decoded = options.headerEncoding === "utf-8" ? NOT_ASCII : NOT_LATIN1;
  request.headers.forEach((value, name) => {
    if (name === "host") hasHost = true;
    rawHeaders.push(name, decoded.test(value) ? utf8ToLatin1(value) : value);
  });
  if (!hasHost && url.host !== "") rawHeaders.push("host", url.host);
  const environ = buildEnviron({
    method: request.method,
    target: options.rawTarget ?? url.pathname + url.search,
    protocol: options.protocol ?? "HTTP/1.1",
    rawHeaders,
    serverName: options.serverName ?? url.hostname,
    serverPort: options.serverPort ?? (url.port || (https ? "443" : "80")),
    remoteAddr: options.remoteAddr,
    remotePort: options.remotePort,
    urlScheme: https ? "https" : "http",
    input: options.input ?? (request.body === null ? emptyInput : createInputStream(streamChunks(request.body))),
    errors: options.errors,
    multithread: options.multithread ?? false,
    multiprocess: options.multiprocess ?? false,
    runOnce: options.runOnce ?? false,
  });
  // The URL was re-serialised by the runtime: not "the target exactly as received" ([environ.raw-uri]).
  if (options.rawTarget === undefined) delete environ["tsgi.raw_uri"];
  return environ;
}
