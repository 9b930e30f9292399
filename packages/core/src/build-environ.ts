import { HttpError } from "./http-error.js";
import { decodePathLatin1 } from "./percent-encoding.js";
import type { Environ, ErrorStream, InputStream } from "./types.js";
import { isHostField } from "./host-field.js";

/** What a server knows about one request, in the form node:http gives it. */
export interface RequestParts {
  method: string;
  /** The request-target as received: `/a%20b?x=1`, an absolute URL, or `*`. */
  target: string;
  /** `HTTP/1.1`; default `HTTP/1.1`. */
  protocol?: string;
  /** Flat `[name, value, name, value, …]`, as node's `req.rawHeaders`. */
  rawHeaders: readonly string[];
  serverName: string;
  serverPort: string;
  remoteAddr?: string | undefined;
  remotePort?: string | undefined;
  urlScheme?: "http" | "https";
  input: InputStream;
  errors: ErrorStream;
  multithread?: boolean;
  multiprocess?: boolean;
  runOnce?: boolean;
}

const VERSION = Object.freeze([1, 0] as const);

// Folding a header name costs a regex and an allocation; the set of names a
// server sees is small, so cache them. Bounded so hostile names cannot grow it.
const foldCache = new Map<string, string | null>();
const FOLD_CACHE_MAX = 2048;

/**
 * `X-Forwarded-For` → `HTTP_X_FORWARDED_FOR`; Content-Type and Content-Length
 * → their CGI names. Returns null for names with `_`, which would collide with
 * their `-` twin after folding (CVE-2015-0219), so servers drop them.
 */
export function foldHeaderName(name: string): string | null {
  let key = foldCache.get(name);
  if (key !== undefined) return key;
  const upper = name.toUpperCase();
  if (upper.includes("_")) key = null;
  else if (upper === "CONTENT-TYPE") key = "CONTENT_TYPE";
  else if (upper === "CONTENT-LENGTH") key = "CONTENT_LENGTH";
  else key = "HTTP_" + upper.replace(/-/g, "_");
  if (foldCache.size < FOLD_CACHE_MAX) foldCache.set(name, key);
  return key;
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * Builds the environ for one request exactly as SPEC §3 says: PATH_INFO
 * percent-decoded to latin-1 with SCRIPT_NAME empty, QUERY_STRING raw,
 * headers folded to HTTP_* with repeats joined by `, ` (Cookie by `; `).
 * Throws HttpError 400 for a target that cannot be decoded, a repeated or
 * invalid Host, or broken framing, and 501 for a transfer coding other than
 * chunked, so every server refuses them in the same place.
 */
export function buildEnviron(parts: RequestParts): Environ {
  let target = parts.target;
  let pathInfo: string | undefined;
  let query = "";
  let authority: string | undefined;
  if (target === "*") {
    // Servers such as node accept `GET *`; §3.2 keeps PATH_INFO '*' for OPTIONS alone.
    if (parts.method !== "OPTIONS") throw new HttpError(400, "the asterisk-form target is only for OPTIONS");
    pathInfo = "*";
  } else {
    if (target.charCodeAt(0) !== 47 /* / */) {
      const scheme = ABSOLUTE_FORM.exec(target);
      if (scheme === null) throw new HttpError(400, "malformed request-target");
      authority = scheme[0].slice(scheme[0].indexOf("//") + 2);
      target = target.slice(scheme[0].length);
      if (target === "" || target[0] === "?") target = "/" + target;
    }
    const q = target.indexOf("?");
    const rawPath = q === -1 ? target : target.slice(0, q);
    if (q !== -1) query = target.slice(q + 1);
    if (rawPath.includes("#") || query.includes("#")) throw new HttpError(400, "request-target contains a fragment");
    pathInfo = decodePathLatin1(rawPath);
    if (pathInfo === undefined) throw new HttpError(400, "invalid percent-encoding in the request path");
  }

  const environ: Environ = {
    REQUEST_METHOD: parts.method,
    SCRIPT_NAME: "",
    PATH_INFO: pathInfo,
    QUERY_STRING: query,
    SERVER_NAME: parts.serverName,
    SERVER_PORT: parts.serverPort,
    SERVER_PROTOCOL: parts.protocol ?? "HTTP/1.1",
    "tsgi.version": VERSION,
    "tsgi.url_scheme": parts.urlScheme ?? "http",
    "tsgi.input": parts.input,
    "tsgi.errors": parts.errors,
    "tsgi.multithread": parts.multithread ?? false,
    "tsgi.multiprocess": parts.multiprocess ?? false,
    "tsgi.run_once": parts.runOnce ?? false,
    "tsgi.raw_uri": parts.target,
  };
  if (parts.remoteAddr !== undefined) environ.REMOTE_ADDR = parts.remoteAddr;
  if (parts.remotePort !== undefined) environ.REMOTE_PORT = parts.remotePort;

  const raw = parts.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = foldHeaderName(raw[i]!);
    if (key === null) continue;
    const value = raw[i + 1]!;
    const prev = environ[key];
    if (typeof prev === "string") {
      // A second Host is ambiguous: the app and a proxy could each believe a different one.
      if (key === "HTTP_HOST") throw new HttpError(400, "repeated Host field");
      // Two lengths (even equal ones) are how request smuggling starts (RFC 9112 §6.3); node refuses them too.
      if (key === "CONTENT_LENGTH") throw new HttpError(400, "repeated Content-Length field");
      environ[key] = prev + (key === "HTTP_COOKIE" ? "; " : ", ") + value;
    } else {
      environ[key] = value;
    }
  }
  settleHost(environ, authority);
  checkFraming(environ);
  return environ;
}

/**
 * RFC 9112 §3.2.2: an absolute-form target's authority wins over Host. Either
 * way the result must be a plain `host[:port]`, since apps paste it into the
 * links they build (a Host with `/`, `@` or spaces poisons them).
 */
function settleHost(environ: Environ, authority: string | undefined): void {
  if (authority !== undefined) {
    // RFC 9110 §4.2.1: an http(s) URI with an empty host is invalid.
    if (authority === "" || !isHostField(authority)) throw new HttpError(400, "invalid authority in the request-target");
    environ.HTTP_HOST = authority;
    return;
  }
  const host = environ.HTTP_HOST;
  if (host !== undefined && !isHostField(host)) throw new HttpError(400, "invalid Host field");
}

/**
 * RFC 9112 §6.1: chunked is the only transfer coding a server has to know;
 * anything else would hand the app coded bytes it cannot tell from the body,
 * so it is 501. An HTTP/1.0 message with Transfer-Encoding, a Content-Length
 * that is not digits, and Content-Length beside Transfer-Encoding are faulty framing (400).
 */
function checkFraming(environ: Environ): void {
  const length = environ.CONTENT_LENGTH;
  if (length !== undefined && !/^\d+$/.test(length)) throw new HttpError(400, "invalid Content-Length field");
  const te = environ.HTTP_TRANSFER_ENCODING;
  if (te === undefined) return;
  // RFC 9112 §6.3 lets a server reject this instead of ignoring Content-Length; rejecting cannot be smuggled past.
  if (environ.CONTENT_LENGTH !== undefined) throw new HttpError(400, "Content-Length together with Transfer-Encoding");
  if (environ.SERVER_PROTOCOL === "HTTP/1.0") throw new HttpError(400, "Transfer-Encoding in an HTTP/1.0 request");
  const codings = te.split(",").map((c) => c.trim().toLowerCase());
  if (codings.some((c) => c !== "chunked")) throw new HttpError(501, "transfer coding other than chunked");
  if (codings.length !== 1) throw new HttpError(400, "chunked applied more than once");
}
