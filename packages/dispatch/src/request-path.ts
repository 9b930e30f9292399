import { decodePathLatin1, type Environ } from "@tsgi/core";
import type { ResolvedOptions } from "./options.js";
import { collapseSlashes, hasDotSegment, hasEncodedSlash } from "./path-policy.js";
import { rawPathInfo } from "./raw-path-info.js";

/** The path a dispatcher matches: PATH_INFO cut into segments, with where each segment ends. */
export interface RequestPath {
  /** What the mounted app's SCRIPT_NAME and PATH_INFO are cut from: PATH_INFO, collapsed if asked. */
  pathInfo: string;
  /** Decoded segments; with encodedSlash 'keep', one may contain `/` from a `%2F`. */
  segments: string[];
  /** `ends[i]`: the offset in pathInfo just after segment i. */
  ends: number[];
}

type PathPolicy = Pick<ResolvedOptions, "encodedSlash" | "dotSegments" | "collapseSlashes">;

/**
 * Applies the path policies and cuts PATH_INFO into segments; undefined means
 * the path breaks a 'reject' policy and the request gets a 400.
 */
export function readRequestPath(environ: Environ, policy: PathPolicy): RequestPath | undefined {
  let pathInfo = environ.PATH_INFO;
  if (pathInfo.charCodeAt(0) !== 47 /* / */) return { pathInfo, segments: [], ends: [] };
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
  const rawSegments = raw?.split("/").slice(1);
  const segments = rawSegments?.map((s) => decodePathLatin1(s)!) ?? pathInfo.split("/").slice(1);
  if (raw !== undefined) pathInfo = "/" + segments.join("/");
  if (policy.dotSegments === "reject" && hasDotSegment(pathInfo)) return undefined;
  const ends: number[] = new Array<number>(segments.length);
  let end = 0;
  for (let i = 0; i < segments.length; i++) ends[i] = end += 1 + segments[i]!.length;
  return { pathInfo, segments, ends };
}

/** Where a mount that takes `depth` segments ends in `path.pathInfo`. */
export function prefixEnd(path: RequestPath, depth: number): number {
  return depth === 0 ? 0 : path.ends[depth - 1]!;
}
