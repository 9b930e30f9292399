import type { App } from "@tsgi/core";
import type { DispatchOptions } from "./types.js";

/** Options with every default filled in, checked once at construction. */
export interface ResolvedOptions {
  fallback: App | undefined;
  redirectSlash: 301 | 308 | false;
  collapseSlashes: boolean;
  encodedSlash: "reject" | "keep" | "decode";
  dotSegments: "reject" | "keep";
  cascade: boolean;
  listMounts: boolean;
  params: boolean;
}

const KNOWN = new Set([
  "fallback",
  "redirectSlash",
  "collapseSlashes",
  "encodedSlash",
  "dotSegments",
  "cascade",
  "listMounts",
  "params",
]);

function oneOf<T>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(", ");
    throw new TypeError(`dispatch: option ${name} must be one of ${list}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function resolveOptions(options: DispatchOptions = {}): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("dispatch: options must be an object");
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new TypeError(`dispatch: unknown option ${JSON.stringify(name)}`);
  }
  const { fallback } = options;
  if (fallback !== undefined && typeof fallback !== "function") {
    throw new TypeError("dispatch: option fallback must be an app (a function)");
  }
  const listMounts = oneOf("listMounts", options.listMounts, [true, false], false);
  if (listMounts && fallback !== undefined) {
    // The listing replaces the default 404; with a fallback there is no default 404 to replace.
    throw new TypeError("dispatch: listMounts lists the mounts on the default 404 page and cannot be used with fallback");
  }
  return {
    fallback,
    redirectSlash: oneOf("redirectSlash", options.redirectSlash, [301, 308, false] as const, false),
    collapseSlashes: oneOf("collapseSlashes", options.collapseSlashes, [true, false], false),
    encodedSlash: oneOf("encodedSlash", options.encodedSlash, ["reject", "keep", "decode"] as const, "reject"),
    dotSegments: oneOf("dotSegments", options.dotSegments, ["reject", "keep"] as const, "reject"),
    cascade: oneOf("cascade", options.cascade, [true, false], false),
    listMounts,
    params: oneOf("params", options.params, [true, false], false),
  };
}
