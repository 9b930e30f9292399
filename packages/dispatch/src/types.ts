import type { App } from "@tsgi/core";

/**
 * `tsgi.routing_args`, as wsgiorg.routing_args: positional (the labels `*` matched in a host
 * key, then `*` path segments) and named (`:name` segments).
 */
export type RoutingArgs = [positional: string[], named: Record<string, string>];

/** The mounts table: keys are path prefixes (`'/app1'`) or host keys (`'//admin.example.com/'`). */
export type Mounts = Record<string, App> | Iterable<readonly [string, App]>;

export interface DispatchOptions {
  /** Answers requests no mount matches (and those every mount declined with cascade). Default: a plain 404. */
  fallback?: App;
  /** Redirect `/app1` to `/app1/` at a mount root with this status. Default: `false` (pass `PATH_INFO` `''`). */
  redirectSlash?: 301 | 308 | false;
  /** Treat runs of `/` as one `/` when matching and in what the mounted app sees. Default: `false`. */
  collapseSlashes?: boolean;
  /** What to do with `%2F` (and `%5C`) in the path. Default: `'reject'` (400). */
  encodedSlash?: "reject" | "keep" | "decode";
  /** What to do with `.` and `..` segments (also `%2E`, `\`-separated and `..;x`). Default: `'reject'` (400). */
  dotSegments?: "reject" | "keep";
  /** Try the next shorter matching mount when one answers 404 with `X-Cascade: pass`. Default: `false`. */
  cascade?: boolean;
  /** Make the default 404 a development page listing the mounts. Default: `false`. */
  listMounts?: boolean;
  /** Read `:name` and `*` segments (and `*` host labels) of keys as parameters into `tsgi.routing_args`. Default: `false`. */
  params?: boolean;
}
