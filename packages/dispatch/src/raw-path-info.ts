import { decodePathLatin1, type Environ } from "@tsgi/core";

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * PATH_INFO as it was on the wire, still percent-encoded, found in
 * `tsgi.raw_uri` after the part that SCRIPT_NAME decodes from. Decoding turns
 * `%2F` into `/`, so this is the only way to tell an encoded slash from a
 * real one. Returns undefined when there is no raw URI or it no longer
 * decodes to SCRIPT_NAME + PATH_INFO (a middleware rewrote the path).
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
  const scriptName = environ.SCRIPT_NAME;
  let raw = 0;
  for (let decoded = 0; decoded < scriptName.length && raw < path.length; decoded++) {
    raw += path.charCodeAt(raw) === 37 /* % */ ? 3 : 1;
  }
  const rawPath = path.slice(raw);
  if (decodePathLatin1(path.slice(0, raw)) !== scriptName || decodePathLatin1(rawPath) !== environ.PATH_INFO) {
    return undefined;
  }
  return rawPath;
}
