import { isHopByHop, type Environ } from "@tsgi/core";

/**
 * The request headers an environ describes, as lower-case `[name, value]`
 * pairs: HTTP_* keys unfolded (`HTTP_X_REAL_IP` → `x-real-ip`) plus
 * Content-Type and Content-Length. Hop-by-hop fields and the names in `skip`
 * are left out: they belonged to the connection the server already handled.
 */
export function* environHeaders(environ: Environ, skip: ReadonlySet<string>): Generator<[string, string]> {
  for (const key in environ) {
    let name: string;
    if (key.startsWith("HTTP_")) name = key.slice(5).replace(/_/g, "-").toLowerCase();
    else if (key === "CONTENT_TYPE") name = "content-type";
    else if (key === "CONTENT_LENGTH") name = "content-length";
    else continue;
    const value = environ[key];
    if (typeof value !== "string" || isHopByHop(name) || skip.has(name)) continue;
    yield [name, value];
  }
}
