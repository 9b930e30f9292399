import { quoteLatin1 } from "./percent-encoding.js";
import type { Environ } from "./types.js";

/**
 * The base URL of the application, `scheme://host[:port]/script_name`,
 * rebuilt as PEP 3333's URL reconstruction recipe does: Host header first,
 * else SERVER_NAME with SERVER_PORT unless it is the scheme's default.
 */
export function applicationUri(environ: Environ): string {
  return hostUri(environ) + quoteLatin1(environ.SCRIPT_NAME || "/", "/;=,");
}

/** The full request URL; the query string is included unless told otherwise. */
export function requestUri(environ: Environ, includeQuery = true): string {
  let url = hostUri(environ) + quoteLatin1(environ.SCRIPT_NAME, "/;=,");
  const pathInfo = quoteLatin1(environ.PATH_INFO, "/;=,");
  url += environ.SCRIPT_NAME === "" && pathInfo === "" ? "/" : pathInfo;
  if (includeQuery && environ.QUERY_STRING) url += "?" + environ.QUERY_STRING;
  return url;
}

function hostUri(environ: Environ): string {
  const scheme = environ["tsgi.url_scheme"];
  let url = scheme + "://";
  const host = environ.HTTP_HOST;
  if (host) {
    url += host;
  } else {
    url += environ.SERVER_NAME;
    const port = environ.SERVER_PORT;
    if ((scheme === "https" && port !== "443") || (scheme === "http" && port !== "80")) url += ":" + port;
  }
  return url;
}
