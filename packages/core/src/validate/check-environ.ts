import { isToken } from "../http-syntax.js";
import { describeValue } from "../describe-value.js";
import { isLatin1 } from "../http-syntax.js";
import type { Reporter } from "./reporter.js";
import { isAuthority, isHost } from "./uri-syntax.js";

/** The tsgi.* keys every environ must have (SPEC §3.3). */
const REQUIRED_TSGI_KEYS = [
  "tsgi.version",
  "tsgi.url_scheme",
  "tsgi.input",
  "tsgi.errors",
  "tsgi.multithread",
  "tsgi.multiprocess",
  "tsgi.run_once",
];

const REQUIRED = [
  "REQUEST_METHOD",
  "SCRIPT_NAME",
  "PATH_INFO",
  "QUERY_STRING",
  "SERVER_NAME",
  "SERVER_PORT",
  "SERVER_PROTOCOL",
  ...REQUIRED_TSGI_KEYS,
];

/** Optional keys shared by middleware (SPEC §3.3 [environ.tsgi-shared]): set by routers, method overrides and mounts. */
const SHARED_TSGI_KEYS = ["tsgi.routing_args", "tsgi.original_method", "tsgi.dispatch.mount"];

/** The tsgi.* keys SPEC.md §3.3 defines (the required ones, tsgi.raw_uri and the shared ones); every other tsgi.* key is reserved. */
const TSGI_KEYS = new Set([...REQUIRED_TSGI_KEYS, "tsgi.raw_uri", ...SHARED_TSGI_KEYS, "tsgi.signal", "tsgi.early_hints"]);

const CR_LF_NUL = /[\r\n\u0000]/;
// A request-target is one token on the request line: no whitespace or control
// characters, and never a fragment (RFC 9112 §3.2).
const NOT_IN_TARGET = /[\u0000-\u0020\u007f#]/;
const EXTENSION_KEY = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

/**
 * Checks the environ a server (or a middleware acting as one) passes to the
 * app against SPEC.md §3. Returns false when environ is not an object at all,
 * since nothing else can then be checked.
 */
export function checkEnviron(environ: unknown, r: Reporter): environ is Record<string, unknown> {
  if (typeof environ !== "object" || environ === null || Array.isArray(environ)) {
    r.fail("environ.object", `environ must be a plain object, got ${describeValue(environ)}`);
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(environ);
  if (proto !== Object.prototype && proto !== null) {
    r.fail("environ.object", `environ must be a plain object, got ${describeValue(environ)}`);
  } else if (!Object.isExtensible(environ) || Object.isFrozen(environ)) {
    r.fail("environ.object", "environ must be extensible and not frozen: the app may change it");
  } else if (Object.getOwnPropertySymbols(environ).length > 0) {
    r.fail("environ.object", "environ keys must be strings, found a symbol key");
  }
  const env = environ as Record<string, unknown>;

  for (const key of REQUIRED) {
    if (!(key in env)) r.fail("environ.required", `environ has no ${key}`);
  }

  for (const key of Object.keys(env)) {
    const value = env[key];
    if (!key.includes(".")) {
      if (typeof value !== "string") {
        r.fail("environ.cgi-string", `environ.${key} must be a string, got ${describeValue(value)}`);
        continue;
      }
      if (!isLatin1(value)) r.fail("environ.latin1", `environ.${key} has characters above U+00FF: ${describeValue(value)}`);
      if (key.startsWith("HTTP_")) checkHttpKey(key, value, r);
    } else if (key.startsWith("tsgi.")) {
      if (!TSGI_KEYS.has(key)) r.fail("environ.tsgi-reserved", `${key} is not defined by the spec; tsgi.* is reserved`);
    } else if (!EXTENSION_KEY.test(key)) {
      r.warn("environ.extension-key", `extension key ${JSON.stringify(key)} should be lower-case letters, digits, '_' and '.'`);
    }
  }

  checkCgi(env, r);
  checkPath(env, r);
  checkTsgi(env, r);
  return true;
}

function checkHttpKey(key: string, value: string, r: Reporter): void {
  if (/[a-z-]/.test(key)) r.fail("environ.http-keys", `${key} is not a folded header name (upper-case, '-' as '_')`);
  if (key === "HTTP_CONTENT_TYPE" || key === "HTTP_CONTENT_LENGTH") {
    r.fail("environ.no-http-content", `${key} must not exist: use ${key.slice(5)}`);
  }
  if (CR_LF_NUL.test(value)) r.fail("environ.http-value", `${key} contains CR, LF or NUL: ${describeValue(value)}`);
}

function checkCgi(env: Record<string, unknown>, r: Reporter): void {
  const method = env.REQUEST_METHOD;
  if (typeof method === "string" && !isToken(method)) {
    r.fail("environ.request-method", `REQUEST_METHOD must be a non-empty token, got ${describeValue(method)}`);
  }
  const length = env.CONTENT_LENGTH;
  if (typeof length === "string" && !/^\d+$/.test(length)) {
    r.fail("environ.content-length", `CONTENT_LENGTH must be absent or decimal digits, got ${describeValue(length)}`);
  }
  const name = env.SERVER_NAME;
  if (typeof name === "string" && !isHost(name)) {
    r.fail("environ.server-name", `SERVER_NAME must be a host name, IPv4 address or [IPv6] literal, got ${describeValue(name)}`);
  }
  const host = env.HTTP_HOST;
  if (typeof host === "string" && !isAuthority(host)) {
    r.fail("environ.http-host", `HTTP_HOST must be host[:port], got ${describeValue(host)}`);
  }
  const port = env.SERVER_PORT;
  if (typeof port === "string" && !/^\d+$/.test(port)) {
    r.fail("environ.server-port", `SERVER_PORT must be decimal digits, got ${describeValue(port)}`);
  }
  const protocol = env.SERVER_PROTOCOL;
  if (typeof protocol === "string" && !/^HTTP\/\d(\.\d)?$/.test(protocol)) {
    r.fail("environ.server-protocol", `SERVER_PROTOCOL must look like HTTP/1.1, got ${describeValue(protocol)}`);
  }
}

function checkPath(env: Record<string, unknown>, r: Reporter): void {
  const script = env.SCRIPT_NAME;
  const path = env.PATH_INFO;
  if (typeof script === "string" && ((script !== "" && script[0] !== "/") || script === "/")) {
    r.fail("environ.script-name", `SCRIPT_NAME must be '' or start with '/' and not be '/', got ${describeValue(script)}`);
  }
  if (typeof path === "string") {
    if (path === "*") {
      if (env.REQUEST_METHOD !== "OPTIONS" || script !== "") {
        r.fail("environ.path-asterisk", `PATH_INFO '*' needs REQUEST_METHOD OPTIONS and SCRIPT_NAME '', got ${describeValue(env.REQUEST_METHOD)} and ${describeValue(script)}`);
      }
    } else if (path !== "" && path[0] !== "/") {
      r.fail("environ.path-info", `PATH_INFO must be '' or start with '/', got ${describeValue(path)}`);
    }
    if (path === "" && script === "") r.fail("environ.path-nonempty", "SCRIPT_NAME and PATH_INFO are both ''");
  }
  const query = env.QUERY_STRING;
  if (typeof query === "string" && NOT_IN_TARGET.test(query)) {
    r.fail("environ.query-string", `QUERY_STRING must be raw (not decoded), without whitespace, controls or '#', got ${describeValue(query)}`);
  }
  if ("tsgi.raw_uri" in env) {
    const raw = env["tsgi.raw_uri"];
    if (
      typeof raw !== "string" ||
      !(raw === "*" || raw[0] === "/" || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw)) ||
      NOT_IN_TARGET.test(raw)
    ) {
      r.fail("environ.raw-uri", `tsgi.raw_uri must be the request-target as received, got ${describeValue(raw)}`);
    } else if (!isLatin1(raw)) {
      r.fail("environ.latin1", `tsgi.raw_uri has characters above U+00FF: ${describeValue(raw)}`);
    } else if (raw === "*" && env.REQUEST_METHOD !== "OPTIONS") {
      r.fail("environ.path-asterisk", `the request-target '*' is only for OPTIONS, got ${describeValue(env.REQUEST_METHOD)}`);
    }
  }
}

function checkTsgi(env: Record<string, unknown>, r: Reporter): void {
  const version = env["tsgi.version"];
  if ("tsgi.version" in env && !(Array.isArray(version) && version.length === 2 && version[0] === 1 && version[1] === 0)) {
    r.fail("environ.tsgi-version", `tsgi.version must be [1, 0], got ${describeValue(version)}`);
  }
  const scheme = env["tsgi.url_scheme"];
  if ("tsgi.url_scheme" in env && scheme !== "http" && scheme !== "https") {
    r.fail("environ.url-scheme", `tsgi.url_scheme must be 'http' or 'https', got ${describeValue(scheme)}`);
  }
  for (const key of ["tsgi.multithread", "tsgi.multiprocess", "tsgi.run_once"]) {
    if (key in env && typeof env[key] !== "boolean") {
      r.fail("environ.tsgi-flags", `${key} must be a boolean, got ${describeValue(env[key])}`);
    }
  }
  checkSharedKeys(env, r);
}

function checkSharedKeys(env: Record<string, unknown>, r: Reporter): void {
  if ("tsgi.routing_args" in env && !isRoutingArgs(env["tsgi.routing_args"])) {
    r.fail("environ.tsgi-shared", `tsgi.routing_args must be [positional: string[], named: Record<string, string>], got ${describeValue(env["tsgi.routing_args"])}`);
  }
  const method = env["tsgi.original_method"];
  if ("tsgi.original_method" in env && !(typeof method === "string" && isToken(method))) {
    r.fail("environ.tsgi-shared", `tsgi.original_method must be a method token, got ${describeValue(method)}`);
  }
  if ("tsgi.dispatch.mount" in env && typeof env["tsgi.dispatch.mount"] !== "string") {
    r.fail("environ.tsgi-shared", `tsgi.dispatch.mount must be a string, got ${describeValue(env["tsgi.dispatch.mount"])}`);
  }
}

function isRoutingArgs(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [positional, named] = value as unknown[];
  if (!Array.isArray(positional) || !positional.every((p) => typeof p === "string")) return false;
  if (typeof named !== "object" || named === null || Array.isArray(named)) return false;
  return Object.values(named).every((v) => typeof v === "string");
}
