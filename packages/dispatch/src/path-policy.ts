/**
 * A `.` or `..` segment, also when `\` separates segments (Windows file
 * servers and some proxies treat it as `/`), with a `;param` after it
 * (Tomcat and Jetty read `/..;x/` as `/../`), with trailing blanks (Windows
 * drops them) or cut by a NUL (C file APIs stop there). `...` and `.hidden`
 * are names.
 */
const DOT_SEGMENT = /(?:^|[/\\])\.\.?[ \t]*(?:;[^/\\]*)?(?=[/\\\u0000]|$)/;

/** Whether a decoded path has a segment that would walk up or stay put if someone resolved it. */
export function hasDotSegment(path: string): boolean {
  return path.includes(".") && DOT_SEGMENT.test(path);
}

const ENCODED_SLASH = /%2f/i;

/** Whether a raw (still encoded) path has `%2F`, a slash that is data rather than a separator. */
export function hasEncodedSlash(rawPath: string): boolean {
  return rawPath.includes("%") && ENCODED_SLASH.test(rawPath);
}

/** Runs of `/` as one, as Rack::URLMap and Paste's URLMap match. */
export function collapseSlashes(path: string): string {
  return path.includes("//") ? path.replace(/\/{2,}/g, "/") : path;
}
