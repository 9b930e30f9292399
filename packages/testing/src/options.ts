import type { Environ } from "@tsgi/core";
import type { CookieJar } from "./cookie-jar.js";

/**
 * Request headers: a record (an array value sends the field once per item),
 * a list of `[name, value]` pairs, or a WHATWG `Headers`.
 */
export type RequestHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | Iterable<readonly [string, string]>;

/** Query parameters: a record (an array value repeats the key), URLSearchParams or a raw string. */
export type QueryInit =
  | Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>>
  | URLSearchParams
  | string;

/** A URL-encoded form: a record (an array value repeats the key) or URLSearchParams. */
export type FormInit =
  | Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>>
  | URLSearchParams;

/** A multipart form: a FormData, or a record whose values are strings, Blobs/Files, or arrays of them. */
export type MultipartInit = FormData | Readonly<Record<string, string | Blob | readonly (string | Blob)[] | undefined>>;

/**
 * A raw request body. Bytes and strings (sent as UTF-8) get a CONTENT_LENGTH;
 * a stream is sent chunked (no CONTENT_LENGTH, `Transfer-Encoding: chunked`),
 * one chunk at a time as the app reads.
 */
export type RequestBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** Called with the finished environ just before the app is; edit it in place. */
export type EnvironHook = (environ: Environ) => void;

/** Options of one request. At most one of `body`, `json`, `form`, `multipart`. */
export interface RequestOptions {
  /** Added to the query string of the path (after any query already in it). */
  query?: QueryInit;
  /** Request headers; they replace client default headers of the same name. */
  headers?: RequestHeaders;
  /** A raw body. Strings are UTF-8 with `Content-Type: text/plain;charset=UTF-8` unless you set one. */
  body?: RequestBody;
  /** A value sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Fields sent as `application/x-www-form-urlencoded`. */
  form?: FormInit;
  /** Fields and files sent as `multipart/form-data`. */
  multipart?: MultipartInit;
  /** The mount point for this request; overrides the client's `scriptName`. */
  scriptName?: string;
  /** Runs after the client's environ hook. */
  environ?: EnvironHook;
  /** Overrides the client's `followRedirects`. */
  followRedirects?: boolean;
  /** Overrides the client's `maxRedirects`. */
  maxRedirects?: number;
  /** Overrides the client's `catchErrors`. */
  catchErrors?: boolean;
  /** Return a StreamingResponse whose chunks arrive as the app produces them. */
  stream?: boolean;
  /**
   * Aborting it is the client leaving (as `fetch`'s signal): the app's
   * `tsgi.signal` aborts; before the headers the request rejects with the
   * signal's reason, while a body is read it stops there (the body is closed).
   */
  signal?: AbortSignal;
}

/** Options of a client, applied to every request it makes. */
export interface ClientOptions {
  /** Scheme, host and port of the requests. @default "http://localhost" */
  baseUrl?: string;
  /** SERVER_NAME. @default the host of `baseUrl` */
  serverName?: string;
  /** SERVER_PORT. @default the port of `baseUrl`, else 80 for http and 443 for https */
  serverPort?: string;
  /** REMOTE_ADDR. @default "127.0.0.1" */
  remoteAddr?: string;
  /** REMOTE_PORT; absent unless set. */
  remotePort?: string;
  /** SERVER_PROTOCOL. @default "HTTP/1.1" */
  protocol?: string;
  /** The mount point: request paths start with it, and it becomes SCRIPT_NAME. @default "" */
  scriptName?: string;
  /** Headers sent with every request. */
  headers?: RequestHeaders;
  /** Called with every environ before the app sees it. */
  environ?: EnvironHook;
  /** Wrap the app in @tsgi/core's `validate`. @default true */
  validate?: boolean;
  /** How the validator reports violations. @default "throw" */
  validateMode?: "throw" | "report";
  /** Answer an app error raised before the headers were sent with a 500, as a server does, instead of throwing it. @default false */
  catchErrors?: boolean;
  /** Follow 301, 302, 303, 307 and 308 responses to the same host. @default false */
  followRedirects?: boolean;
  /** The most redirects one request follows before it throws. @default 10 */
  maxRedirects?: number;
  /** Keep cookies across requests: `true` for a new jar, a jar to share, or `false`. @default true */
  cookies?: boolean | CookieJar;
}
