import {
  HttpError,
  buildEnviron,
  createInputStream,
  decodePathLatin1,
  emptyInput,
  getHeader,
  hasHeader,
  isToken,
  quoteLatin1,
  utf8ToLatin1,
  type Environ,
  type ErrorStream,
} from "@tsgi/core";
import type { CookieJar } from "./cookie-jar.js";
import type { EncodedBody } from "./encode-body.js";
import { toSearchParams } from "./encode-body.js";
import type { EnvironHook, QueryInit } from "./options.js";
import { mergeHeaders } from "./request-headers.js";

/** The per-client settings an environ is built from, resolved once. */
export interface EnvironDefaults {
  scheme: "http" | "https";
  /** The Host header: `host[:port]`. */
  host: string;
  serverName: string;
  serverPort: string;
  remoteAddr: string;
  remotePort: string | undefined;
  protocol: string;
  scriptName: string;
  headers: readonly [string, string][];
  hook: EnvironHook | undefined;
}

/** What one request adds to the defaults. */
export interface EnvironRequest {
  method: string;
  /** `/path?query`, or an absolute URL whose scheme and host replace the defaults. */
  path: string;
  query: QueryInit | undefined;
  headers: readonly [string, string][];
  body: EncodedBody;
  scriptName: string | undefined;
  hook: EnvironHook | undefined;
  cookies: CookieJar | undefined;
  errors: ErrorStream;
  /** Adds the server-offered keys (tsgi.signal, tsgi.early_hints) before the hooks run. */
  install?: (environ: Environ) => void;
}

const ABSOLUTE = /^(https?):\/\/([^/?#]*)(.*)$/i;
// Characters a client may leave as they are in a path or a query (RFC 3986
// pchar / query); everything else, including non-ASCII, is sent as UTF-8 %XX.
// `%` is kept so an already-encoded path passes through unchanged.
const PATH_SAFE = "/%:@!$&'()*+,;=";
const QUERY_SAFE = PATH_SAFE + "?";

/** `https://example.com:8443` → the scheme, Host header, SERVER_NAME and SERVER_PORT it implies. */
export function parseOrigin(baseUrl: string): { scheme: "http" | "https"; host: string; name: string; port: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl must be an http or https URL, got ${JSON.stringify(baseUrl)}`);
  }
  const scheme = url.protocol === "https:" ? "https" : "http";
  return { scheme, host: url.host, name: url.hostname, port: url.port || (scheme === "https" ? "443" : "80") };
}

/**
 * Builds the environ a tsgi server would build for this request, with
 * @tsgi/core's buildEnviron: the path is percent-encoded as a client would
 * send it (UTF-8), then decoded to latin-1 PATH_INFO exactly as a server does,
 * and split into SCRIPT_NAME + PATH_INFO when a mount point is set.
 * Returns the environ and the request's URL (for cookies and redirects).
 */
export function buildRequestEnviron(defaults: EnvironDefaults, request: EnvironRequest): { environ: Environ; url: URL } {
  if (!isToken(request.method)) throw new TypeError(`invalid request method ${JSON.stringify(request.method)}`);
  let { scheme, host, serverName, serverPort } = defaults;
  let rest = request.path;
  const absolute = ABSOLUTE.exec(rest);
  if (absolute !== null) {
    const origin = parseOrigin(`${absolute[1]!}://${absolute[2]!}`);
    ({ scheme, host } = origin);
    serverName = origin.name;
    serverPort = origin.port;
    rest = absolute[3]! === "" ? "/" : absolute[3]!;
  } else if (!rest.startsWith("/") && rest !== "*") {
    throw new TypeError(`request path must start with "/" or be an absolute URL, got ${JSON.stringify(rest)}`);
  }
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);

  const q = rest.indexOf("?");
  let target = quoteLatin1(utf8ToLatin1(q === -1 ? rest : rest.slice(0, q)), PATH_SAFE);
  let query = q === -1 ? "" : quoteLatin1(utf8ToLatin1(rest.slice(q + 1)), QUERY_SAFE);
  if (request.query !== undefined) {
    const extra = typeof request.query === "string" ? quoteLatin1(utf8ToLatin1(request.query), QUERY_SAFE) : toSearchParams(request.query).toString();
    query = query && extra ? `${query}&${extra}` : query || extra;
  }
  if (query !== "" || (q !== -1 && rest.endsWith("?"))) target += "?" + query;
  if (rest === "*") target = "*";

  const headers = mergeHeaders(defaults.headers, request.headers);
  const rawHeaders: string[] = [];
  if (!hasHeader(headers, "host")) rawHeaders.push("Host", host);
  for (const [name, value] of headers) rawHeaders.push(name, value);
  const { body } = request;
  if (body.contentType !== undefined && !hasHeader(headers, "content-type")) rawHeaders.push("Content-Type", body.contentType);
  if (body.bytes !== undefined && !hasHeader(headers, "content-length")) rawHeaders.push("Content-Length", String(body.bytes.byteLength));
  if (body.stream !== undefined && !hasHeader(headers, "transfer-encoding")) rawHeaders.push("Transfer-Encoding", "chunked");

  const hostHeader = getHeader(headers, "host") ?? host;
  const url = requestUrl(scheme, hostHeader, host, target === "*" ? "/" : target);
  const cookie = request.cookies?.cookieHeader(url);
  if (cookie !== undefined) rawHeaders.push("Cookie", cookie);

  let environ: Environ;
  try {
    environ = buildEnviron({
      method: request.method,
      target,
      protocol: defaults.protocol,
      rawHeaders,
      serverName,
      serverPort,
      remoteAddr: defaults.remoteAddr,
      remotePort: defaults.remotePort,
      urlScheme: scheme,
      input: inputFor(body),
      errors: request.errors,
    });
  } catch (error) {
    if (error instanceof HttpError) throw new TypeError(`cannot send ${JSON.stringify(request.path)}: ${error.message}`);
    throw error;
  }

  const scriptName = request.scriptName ?? defaults.scriptName;
  if (scriptName !== "" && target !== "*") mount(environ, scriptName);
  request.install?.(environ);
  defaults.hook?.(environ);
  request.hook?.(environ);
  return { environ, url };
}

// A test may send a deliberately bad Host header; cookies and redirects then
// fall back to the client's own host.
function requestUrl(scheme: string, hostHeader: string, host: string, target: string): URL {
  try {
    return new URL(`${scheme}://${hostHeader}${target}`);
  } catch {
    return new URL(`${scheme}://${host}${target}`);
  }
}

function inputFor(body: EncodedBody): Environ["tsgi.input"] {
  if (body.stream !== undefined) return createInputStream(body.stream);
  if (body.bytes !== undefined && body.bytes.byteLength > 0) return createInputStream(once(body.bytes));
  return emptyInput;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Moves the mount point from the front of PATH_INFO to SCRIPT_NAME. */
function mount(environ: Environ, scriptName: string): void {
  if (!scriptName.startsWith("/")) {
    throw new TypeError(`scriptName must be "" or start with "/", got ${JSON.stringify(scriptName)}`);
  }
  // Accept the mount point written plainly ("/café") or encoded ("/caf%C3%A9").
  const decoded = decodePathLatin1(quoteLatin1(utf8ToLatin1(scriptName), PATH_SAFE))?.replace(/\/+$/, "");
  if (decoded === undefined) throw new TypeError(`invalid percent-encoding in scriptName ${JSON.stringify(scriptName)}`);
  const path = environ.PATH_INFO;
  if (decoded === "") return;
  if (path !== decoded && !path.startsWith(decoded + "/")) {
    throw new TypeError(`request path ${JSON.stringify(path)} is not under scriptName ${JSON.stringify(scriptName)}`);
  }
  environ.SCRIPT_NAME = decoded;
  environ.PATH_INFO = path.slice(decoded.length);
}
