import { quoteLatin1, type Body, type Environ, type HeaderList, type StartResponse } from "@tsgi/core";

const encoder = new TextEncoder();

export function textResponse(startResponse: StartResponse, status: string, text: string, extra: HeaderList = []): Body {
  const body = encoder.encode(text);
  startResponse(status, [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(body.byteLength)],
    ["X-Content-Type-Options", "nosniff"],
    ...extra,
  ]);
  return [body];
}

/**
 * 301 to the same URL with a trailing slash, built from SCRIPT_NAME so it is
 * right under any mount point, query kept. Leading slashes are collapsed so
 * the Location can never become a protocol-relative `//host` URL.
 */
export function redirectToSlash(environ: Environ, startResponse: StartResponse): Body {
  const path = "/" + quoteLatin1(environ.SCRIPT_NAME + environ.PATH_INFO).replace(/^\/+/, "");
  const query = environ.QUERY_STRING === "" ? "" : `?${environ.QUERY_STRING}`;
  const location = `${path === "/" ? "" : path}/${query}`;
  return textResponse(startResponse, "301 Moved Permanently", `Redirecting to ${location}\n`, [["Location", location]]);
}

const ALLOW = "GET, HEAD, OPTIONS";

/** OPTIONS → 204, any other method → 405, both with Allow (RFC 9110 §15.5.6). */
export function methodNotAllowed(environ: Environ, startResponse: StartResponse): Body {
  if (environ.REQUEST_METHOD === "OPTIONS") {
    startResponse("204 No Content", [["Allow", ALLOW]]);
    return [];
  }
  return textResponse(startResponse, "405 Method Not Allowed", "Method Not Allowed\n", [["Allow", ALLOW]]);
}
