import { decodePathLatin1, type Environ } from "@tsgi/core";
import type { ResolvedOptions } from "./options.js";
import { collapseSlashes, hasDotSegment, hasEncodedSlash } from "./path-policy.js";
import type { WalkedPath } from "./path-trie.js";
import { rawPathInfo } from "./raw-path-info.js";

/** The path a dispatcher matches, after its policies. */
export interface RequestPath extends WalkedPath {
  /** What the mounted app's SCRIPT_NAME and PATH_INFO are cut from: PATH_INFO, collapsed if asked. */
  pathInfo: string;
}

type PathPolicy = Pick<ResolvedOptions, "encodedSlash" | "dotSegments" | "collapseSlashes">;

/**
 * Applies the path policies to PATH_INFO; undefined means the path breaks a
 * 'reject' policy and the request gets a 400. The tries walk `pathInfo`
 * itself, or, when encodedSlash is 'keep' and the request has a `%2F` there,
 * the raw PATH_INFO, so the encoded slash stays inside its segment.
 */
export function readRequestPath(environ: Environ, policy: PathPolicy): RequestPath | undefined {
  let pathInfo = environ.PATH_INFO;
  let raw: string | undefined;
  // The cheap test on the whole request-target first keeps the common path free of raw-path work.
  const uri = environ["tsgi.raw_uri"];
  if (policy.encodedSlash !== "decode" && typeof uri === "string" && hasEncodedSlash(uri)) {
    raw = rawPathInfo(environ);
    if (raw !== undefined && !hasEncodedSlash(raw)) raw = undefined;
    if (raw !== undefined && policy.encodedSlash === "reject") return undefined;
  }
  if (policy.collapseSlashes) {
    if (raw !== undefined) raw = collapseSlashes(raw);
    else pathInfo = collapseSlashes(pathInfo);
  }
  if (raw !== undefined) pathInfo = decodePathLatin1(raw)!;
  if (policy.dotSegments === "reject" && hasDotSegment(pathInfo)) return undefined;
  return raw === undefined ? { pathInfo, text: pathInfo, raw: false } : { pathInfo, text: raw, raw: true };
}

/** Where a prefix that ends at `end` of the walked text ends in `path.pathInfo`. */
export function prefixEnd(path: RequestPath, end: number): number {
  return path.raw ? decodePathLatin1(path.text.slice(0, end))!.length : end;
}

/** The decoded segments of the prefix that ends at `end`, for reading parameters. */
export function prefixSegments(path: RequestPath, end: number): string[] {
  const segments = path.text.slice(0, end).split("/").slice(1);
  return path.raw ? segments.map((s) => decodePathLatin1(s)!) : segments;
}
