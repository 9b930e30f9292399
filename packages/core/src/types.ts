/**
 * The tsgi interface types. SPEC.md is normative; these types are its
 * machine-checkable part. Section numbers (§) refer to SPEC.md.
 */

/**
 * A response body chunk. Always bytes, never strings (§6).
 */
export type Chunk = Uint8Array;

/**
 * The response body: a sync or async iterable of byte chunks, with an optional
 * `close()` that the server calls exactly once, however the response ends (§6).
 * An array of chunks is the common, fastest case.
 */
export type Body = (Iterable<Chunk> | AsyncIterable<Chunk>) & {
  close?: () => void | Promise<void>;
};

/**
 * Response headers: an ordered list of `[name, value]` pairs, so repeated
 * fields such as Set-Cookie keep their order. Names compare case-insensitively.
 * Values are latin-1 strings without control characters (§5.3).
 */
export type Header = [name: string, value: string];
export type HeaderList = Header[];

/**
 * The error being handled when an app calls startResponse a second time to
 * replace an error page (§5.4). Any thrown value except `undefined`.
 */
export type ExcInfo = unknown;

/**
 * `startResponse('200 OK', [['Content-Type', 'text/plain']])`. Sends nothing:
 * the status and headers go out with the first non-empty chunk (§5.5).
 * A second call is allowed only with `excInfo`; if headers were already sent
 * it re-throws `excInfo` (§5.4).
 */
export type StartResponse = (status: string, headers: HeaderList, excInfo?: ExcInfo) => void;

/**
 * `tsgi.input`: the request body as a one-pass byte stream with backpressure.
 * It ends at the end of the request body (Content-Length or the chunked
 * terminator), so apps may read to EOF safely (§3.4).
 */
export interface InputStream extends AsyncIterable<Uint8Array> {
  /** Up to `size` bytes; with no size, the rest of the body. An empty array means EOF. */
  read(size?: number): Promise<Uint8Array>;
  /** The next line including its `\n` (at most `size` bytes); empty at EOF. */
  readline(size?: number): Promise<Uint8Array>;
}

/**
 * `tsgi.errors`: a text sink for error output, stderr by default (§3.5).
 */
export interface ErrorStream {
  write(text: string): void;
  writelines(lines: Iterable<string>): void;
  flush(): void;
}

/**
 * The request environment (§3). CGI keys (no dot) hold latin-1 strings:
 * every character is in U+0000–U+00FF and stands for one byte.
 */
export interface Environ {
  REQUEST_METHOD: string;
  /** The mount point, `''` at the root; never `'/'`. Percent-decoded. */
  SCRIPT_NAME: string;
  /** The rest of the path, percent-decoded (latin-1). `''` or starts with `/`. */
  PATH_INFO: string;
  /** The raw query after the first `?`, not decoded; `''` when absent. */
  QUERY_STRING: string;
  CONTENT_TYPE?: string;
  CONTENT_LENGTH?: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  SERVER_PROTOCOL: string;
  REMOTE_ADDR?: string;
  REMOTE_PORT?: string;
  [key: `HTTP_${string}`]: string | undefined;

  "tsgi.version": readonly [1, 0];
  "tsgi.url_scheme": "http" | "https";
  "tsgi.input": InputStream;
  "tsgi.errors": ErrorStream;
  "tsgi.multithread": boolean;
  "tsgi.multiprocess": boolean;
  "tsgi.run_once": boolean;
  /** The request-target exactly as received (path and query, still encoded). */
  "tsgi.raw_uri"?: string;
  /** Set by a router: what its pattern captured, `[positional, named]` (§3.3, like wsgiorg.routing_args). */
  "tsgi.routing_args"?: [positional: string[], named: Record<string, string>];
  /** Set by a method override: the method the request arrived with (§3.3). */
  "tsgi.original_method"?: string;
  /** Set by a dispatcher: the mount key that matched, for logs (§3.3). */
  "tsgi.dispatch.mount"?: string;
  /** Aborts when the client leaves before the response is finished, or the server gives up on it (§3.3). */
  "tsgi.signal"?: AbortSignal;
  /** Sends a `103 Early Hints` with these `Link` headers before the response (§3.3); absent where the server cannot. */
  "tsgi.early_hints"?: (headers: HeaderList) => void;

  [key: string]: unknown;
}

/**
 * A tsgi application: called once per request (§2).
 */
export type App = (environ: Environ, startResponse: StartResponse) => Body | Promise<Body>;

/**
 * A middleware factory: takes the app it wraps, returns a new app (§7).
 */
export type Middleware = (app: App) => App;
