import { quoteLatin1, type App, type Body, type Environ, type HeaderList, type StartResponse } from "@tsgi/core";
import { pathUnder } from "./mount-url.js";

const encoder = new TextEncoder();

function answer(startResponse: StartResponse, status: string, text: string, headers: HeaderList = []): Body {
  const body = encoder.encode(text);
  startResponse(status, [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(body.byteLength)],
    // The listing page echoes the path; never let a browser sniff it into HTML.
    ["X-Content-Type-Options", "nosniff"],
    ...headers,
  ]);
  return [body];
}

/** The default fallback: a plain 404 that says nothing about the mounts. */
export const notFound: App = (_environ, startResponse) => answer(startResponse, "404 Not Found", "Not Found\n");

/** A path a 'reject' policy refused (an encoded slash or a dot segment). */
export function badRequest(startResponse: StartResponse): Body {
  return answer(startResponse, "400 Bad Request", "Bad Request\n");
}

/** `/app1` → `/app1/` (query kept), built from SCRIPT_NAME so it is right under any outer mount. */
export function slashRedirect(environ: Environ, scriptName: string, status: 301 | 308, startResponse: StartResponse): Body {
  const location = pathUnder(scriptName, environ.QUERY_STRING ? `/?${environ.QUERY_STRING}` : "/");
  const reason = status === 301 ? "Moved Permanently" : "Permanent Redirect";
  return answer(startResponse, `${status} ${reason}`, `Redirecting to ${location}\n`, [["Location", location]]);
}

/** The development 404: which path was asked for and every mount, so a typo is seen at once. */
export function listingPage(keys: readonly string[]): App {
  const list = keys.length === 0 ? "  (none)\n" : [...keys].sort().map((key) => `  ${key}\n`).join("");
  return (environ, startResponse) => {
    const asked = quoteLatin1(environ.SCRIPT_NAME + environ.PATH_INFO, "/;=,:@!$&'()*+");
    const host = environ.HTTP_HOST ?? `${environ.SERVER_NAME}:${environ.SERVER_PORT}`;
    return answer(startResponse, "404 Not Found", `Not Found: no mount matches ${asked} on ${host}\n\nMounts:\n${list}`);
  };
}
