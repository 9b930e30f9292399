import type * as http from "node:http";
import { createErrorStream, type Environ, type ErrorStream } from "@tsgi/core";
import type { ForwardPolicy } from "./forwarded.js";
import { resolveForwardedHeaders, type ForwardedHeader } from "./forwarded-headers.js";
import { escapeLogText } from "./escape-log-text.js";
import type { TlsOptions } from "./tls-options.js";

/** What `onResponse` receives once per request (an access-log line's worth). */
export interface ResponseInfo {
  environ: Environ;
  /** The status code sent, or the one intended when the client went away first. */
  status: number;
  /** Body bytes handed to the socket (headers not counted). */
  bytes: number;
  durationMs: number;
  /** The app's error, a timeout, or the client disconnecting; absent on success. */
  error?: unknown;
}

export interface ServerOptions {
  /** Sink for `tsgi.errors` and the server's own error log. Default: `process.stderr.write`. */
  errors?: (text: string) => void;
  /** SERVER_NAME. Default: the host the server is bound to (the connection's local address for a wildcard bind). */
  serverName?: string;
  /** `tsgi.multiprocess`. Default: false. */
  multiprocess?: boolean;
  /** Largest request body accepted, in bytes. Default: unlimited. */
  maxBodySize?: number;
  /** Milliseconds an app may take to finish its response. Default: none. */
  requestTimeout?: number;
  /** Whether forwarding headers sent by this peer address are believed. Default: never. */
  trustProxy?: (remoteAddr: string) => boolean;
  /**
   * Which forwarding headers a trusted peer is believed for (case-insensitive):
   * `x-forwarded-for`, `x-forwarded-proto`, `x-forwarded-host`,
   * `x-forwarded-port`, `x-forwarded-prefix`, `forwarded`.
   * Default: `["x-forwarded-for", "x-forwarded-proto"]`, as gunicorn and uvicorn.
   */
  forwardedHeaders?: readonly ForwardedHeader[];
  /** Called once per request when its response finished or was aborted. */
  onResponse?: (info: ResponseInfo) => void;
  /** Passed to `http.createServer` by makeServer and serve. */
  http?: http.ServerOptions;
  /** Serve HTTPS with this certificate and key (makeServer and serve). Default: plain HTTP. */
  tls?: TlsOptions;
  /** Also speak HTTP/2 (needs `tls`; HTTP/1.1 clients keep working on the same port). Default: false. */
  http2?: boolean;
}

/** Options checked once and turned into what each request needs. */
export interface ResolvedOptions {
  log: (text: string) => void;
  errors: ErrorStream;
  serverName: string | undefined;
  multiprocess: boolean;
  maxBodySize: number;
  requestTimeout: number;
  /** Set when trustProxy is given. */
  forward: ForwardPolicy | undefined;
  onResponse: ((info: ResponseInfo) => void) | undefined;
}

function stderrSink(text: string): void {
  process.stderr.write(text);
}

function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`option ${name} must be a function, got ${typeof value}`);
  }
}

function checkLimit(name: string, value: unknown): number {
  if (value === undefined) return Infinity;
  if (typeof value !== "number" || !(value >= 0)) {
    throw new TypeError(`option ${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

function forwardPolicy(trust: (addr: string) => boolean, headers: unknown, log: (text: string) => void): ForwardPolicy {
  let told = false;
  return {
    trust,
    headers: resolveForwardedHeaders(headers),
    // Once per server: a client can send a bad value with every request, and the log must not be its megaphone.
    onInvalid: (header, value) => {
      if (told) return;
      told = true;
      log(`[tsgi] ignored a malformed ${header} value from a trusted proxy: "${escapeLogText(value)}" (further ones are not logged)\n`);
    },
  };
}

export function resolveOptions(options: ServerOptions = {}): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  checkFunction("errors", options.errors);
  checkFunction("trustProxy", options.trustProxy);
  checkFunction("onResponse", options.onResponse);
  if (options.serverName !== undefined && (typeof options.serverName !== "string" || options.serverName === "")) {
    throw new TypeError("option serverName must be a non-empty string");
  }
  if (options.multiprocess !== undefined && typeof options.multiprocess !== "boolean") {
    throw new TypeError("option multiprocess must be a boolean");
  }
  const requestTimeout = checkLimit("requestTimeout", options.requestTimeout);
  if (requestTimeout !== Infinity && requestTimeout > 2 ** 31 - 1) {
    throw new TypeError("option requestTimeout must be at most 2147483647 ms");
  }
  const log = options.errors ?? stderrSink;
  return {
    log,
    errors: createErrorStream(log),
    serverName: options.serverName,
    multiprocess: options.multiprocess ?? false,
    maxBodySize: checkLimit("maxBodySize", options.maxBodySize),
    requestTimeout,
    forward: options.trustProxy === undefined ? undefined : forwardPolicy(options.trustProxy, options.forwardedHeaders, log),
    onResponse: options.onResponse,
  };
}
