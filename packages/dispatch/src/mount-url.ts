import { applicationUri, decodePathLatin1, quoteLatin1, type Environ } from "@tsgi/core";
import { hasDotSegment } from "./path-policy.js";

export interface MountUrlOptions {
  /** Prefix `scheme://host[:port]` (from `tsgi.url_scheme` and `HTTP_HOST`, else SERVER_NAME:SERVER_PORT). Default: `false`. */
  absolute?: boolean;
}

// What may stand in a URL's path, query and fragment as it is (RFC 3986), `%` included
// because `path` is already a URL: `%XX` escapes are kept, everything else is encoded.
const URL_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]$/;
const ESCAPE = /^%[0-9A-Fa-f]{2}/;

/**
 * A URL for `path` inside the current app: `mountUrl(environ, '/login')` is
 * `/shop/login` when the app is mounted at `/shop`, `/eu/shop/login` under
 * `/eu/shop`, and `/login` at the root. `path` is a URL path (it may carry
 * `?query` and `#fragment`); characters a URL cannot hold are percent-encoded
 * as UTF-8. The result never starts with `//`, which a browser would read as
 * another host.
 */
export function mountUrl(environ: Environ, path: string, options: MountUrlOptions = {}): string {
  if (typeof path !== "string") throw new TypeError("mountUrl: path must be a string");
  // A browser resolves `..` (also `%2E%2E`) in a Location, which would lead out of the mount.
  if (hasDotSegment(decodePathLatin1(path.replace(/[?#].*$/s, "")) ?? path)) {
    throw new TypeError(`mountUrl: path ${JSON.stringify(path)} has a '.' or '..' segment, which would leave the mount`);
  }
  const url = pathUnder(environ.SCRIPT_NAME, path);
  if (options.absolute !== true) return url;
  return applicationUri({ ...environ, SCRIPT_NAME: "" }).slice(0, -1) + url;
}

/** `path` (a URL path) under a latin-1 SCRIPT_NAME, as an absolute path that never starts with `//`. */
export function pathUnder(scriptName: string, path: string): string {
  const encoded = encodeUrlPath(path);
  const rest = encoded === "" || /^[/?#]/.test(encoded) ? encoded : "/" + encoded;
  const url = quoteLatin1(scriptName, "/;=,") + rest;
  return url === "" || url[0] !== "/" ? "/" + url : url.replace(/^\/{2,}/, "/");
}

function encodeUrlPath(path: string): string {
  let out = "";
  for (let i = 0; i < path.length; ) {
    const code = path.codePointAt(i)!;
    const ch = String.fromCodePoint(code);
    if (ch === "%" ? ESCAPE.test(path.slice(i, i + 3)) : URL_SAFE.test(ch)) out += ch;
    // A lone surrogate has no UTF-8 form; U+FFFD stands in for it, as TextEncoder does.
    else out += encodeURIComponent(code >= 0xd800 && code <= 0xdfff ? "\ufffd" : ch);
    i += ch.length;
  }
  return out;
}
