import { decodePathLatin1, type Environ } from "@tsgi/core";

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * PATH_INFO as it was on the wire, still percent-encoded: the end of
 * `tsgi.raw_uri`'s path that decodes to PATH_INFO. Decoding turns `%2F` into
 * `/`, so this is the only way to tell an encoded slash from a real one.
 * Matching from the end works under an outer mount (SCRIPT_NAME is the start
 * of the raw path) and behind a prefix-stripping proxy (SCRIPT_NAME is not in
 * it at all). Returns undefined when there is no raw URI or its path does not
 * end with PATH_INFO (a middleware rewrote the path).
 */
export function rawPathInfo(environ: Environ): string | undefined {
  const uri = environ["tsgi.raw_uri"];
  if (typeof uri !== "string") return undefined;
  let path = uri;
  if (path.charCodeAt(0) !== 47 /* / */) {
    const authority = ABSOLUTE_FORM.exec(path);
    if (authority === null) return undefined;
    path = path.slice(authority[0].length);
  }
  const query = path.indexOf("?");
  if (query !== -1) path = path.slice(0, query);
  const decoded = decodePathLatin1(path);
  const pathInfo = environ.PATH_INFO;
  if (decoded === undefined || !decoded.endsWith(pathInfo)) return undefined;
  let raw = 0;
  for (let skip = decoded.length - pathInfo.length; skip > 0; skip--) {
    raw += path.charCodeAt(raw) === 37 /* % */ ? 3 : 1;
  }
  return path.slice(raw);
}
