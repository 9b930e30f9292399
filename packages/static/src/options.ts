import * as fs from "node:fs";
import * as path from "node:path";
import type { HeaderList } from "@tsgi/core";

/** A content coding of a precompressed sibling file (`app.js.br`, `.zst`, `.gz`). */
export type Encoding = "br" | "zstd" | "gzip";

/** What to do with a path that has a segment starting with a dot. */
export type DotfilesPolicy = "allow" | "deny" | "ignore";

/** How a file reached through a symbolic link is treated; decided on the opened file. */
export type SymlinkPolicy = "follow" | "deny" | "within-root";

/** Extra response headers for a file, given its URL path below the prefix (`/css/site.css`). */
export type HeadersOption = HeaderList | Record<string, string> | ((urlPath: string) => HeaderList | Record<string, string> | undefined);

export interface CacheOptions {
  /** Largest file kept in memory, in bytes. Default 65536. */
  maxFileBytes?: number;
  /** Total bytes of file contents kept in memory. Default 16 MiB. */
  maxBytes?: number;
}

export interface StaticOptions {
  /** The directory to serve. Required. */
  root: string;
  /** URL path (below SCRIPT_NAME) where the files appear. Default `"/"`. */
  prefix?: string;
  /** Index file names tried for a directory, or `false`. Default `["index.html"]`. */
  index?: string | string[] | false;
  /** Default `"ignore"`; `/.well-known/` is always served. */
  dotfiles?: DotfilesPolicy;
  /** `"weak"` (size + mtime), `"strong"` (content hash), or `false`. `true` means `"weak"`. Default `"weak"`. */
  etag?: boolean | "weak" | "strong";
  /** Send `Last-Modified` and honour `If-Modified-Since`. Default `true`. */
  lastModified?: boolean;
  /** `Cache-Control: public, max-age=<seconds>`. Default `0`. */
  maxAge?: number;
  /** Add `immutable` to Cache-Control. Default `false`. */
  immutable?: boolean;
  /** Which precompressed siblings to look for, or `false`. `true` means all. Default `true`. */
  precompressed?: boolean | Encoding[];
  /** Extensions tried for a path with none (`["html"]`: `/about` → `about.html`). Default `[]`. */
  extensions?: string[];
  /** Call the app when no file matches. `false`: answer 404. Default `true`. */
  fallthrough?: boolean;
  /** Serve this file (`true`: `"index.html"`) for GET/HEAD navigations that match no file. Default `false`. */
  spa?: boolean | string;
  /** Extra headers on every file response. Default none. */
  headers?: HeadersOption;
  /** Default `"within-root"`. */
  symlinks?: SymlinkPolicy;
  /** The startup index and in-memory small files; `false` resolves every request on disk. Default `{}`. */
  cache?: false | CacheOptions;
  /** Methods other than GET/HEAD on an existing file: `"fallthrough"` or `"405"`. Default `"fallthrough"`. */
  otherMethods?: "fallthrough" | "405";
  /** Rebuild the index when files under root change (development). Default `false`. */
  watch?: boolean;
}

/** Options checked once, with defaults filled in. */
export interface ResolvedOptions {
  root: string;
  realRoot: string;
  prefix: string;
  index: string[];
  dotfiles: DotfilesPolicy;
  etag: "weak" | "strong" | false;
  lastModified: boolean;
  cacheControl: string;
  precompressed: Encoding[];
  extensions: string[];
  fallthrough: boolean;
  spa: string | undefined;
  headers: (urlPath: string) => HeaderList;
  symlinks: SymlinkPolicy;
  cache: Required<CacheOptions> | false;
  otherMethods: "fallthrough" | "405";
  watch: boolean;
}

const ENCODINGS: readonly Encoding[] = ["br", "zstd", "gzip"];

function fail(name: string, expected: string, value: unknown): never {
  throw new TypeError(`staticFiles: options.${name} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(name, allowed.map((a) => `"${a}"`).join(" | "), value);
}

function bool(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  return fail(name, "a boolean", value);
}

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  return fail(name, "a non-negative number", value);
}

function fileNames(name: string, value: unknown, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (value === false) return [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || !list.every((n) => typeof n === "string" && n !== "" && !/[/\\\0]/.test(n))) {
    return fail(name, "a file name or a list of file names", value);
  }
  return list as string[];
}

function toHeaderList(value: HeaderList | Record<string, string>): HeaderList {
  return Array.isArray(value) ? value.map(([n, v]) => [n, v]) : Object.entries(value);
}

function headersOption(value: unknown): (urlPath: string) => HeaderList {
  if (value === undefined) return () => [];
  if (typeof value === "function") {
    const fn = value as (urlPath: string) => HeaderList | Record<string, string> | undefined;
    return (urlPath) => {
      const out = fn(urlPath);
      return out === undefined ? [] : toHeaderList(out);
    };
  }
  if (typeof value === "object" && value !== null) {
    const list = toHeaderList(value as HeaderList | Record<string, string>);
    return () => list;
  }
  return fail("headers", "a header list, a record or a function", value);
}

function prefixOption(value: unknown): string {
  if (value === undefined || value === "/" || value === "") return "";
  if (typeof value !== "string" || !value.startsWith("/")) return fail("prefix", 'a path starting with "/"', value);
  return value.endsWith("/") ? value.slice(0, -1) : value;
}

function encodingsOption(value: unknown): Encoding[] {
  if (value === undefined || value === true) return [...ENCODINGS];
  if (value === false) return [];
  if (Array.isArray(value) && value.every((e) => ENCODINGS.includes(e as Encoding))) return value as Encoding[];
  return fail("precompressed", 'a boolean or a list of "br" | "zstd" | "gzip"', value);
}

function cacheOption(value: unknown): Required<CacheOptions> | false {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== "object" || value === null)) return fail("cache", "false or an object", value);
  const given = (value ?? {}) as CacheOptions;
  return {
    maxFileBytes: nonNegative("cache.maxFileBytes", given.maxFileBytes, 64 * 1024),
    maxBytes: nonNegative("cache.maxBytes", given.maxBytes, 16 * 1024 * 1024),
  };
}

function rootOption(value: unknown): { root: string; realRoot: string } {
  if (typeof value !== "string" || value === "") return fail("root", "a directory path", value);
  const root = path.resolve(value);
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return fail("root", "an existing directory", value);
  }
  if (!fs.statSync(realRoot).isDirectory()) return fail("root", "an existing directory", value);
  return { root, realRoot };
}

function etagOption(value: unknown): "weak" | "strong" | false {
  if (value === undefined || value === true) return "weak";
  if (value === false || value === "weak" || value === "strong") return value;
  return fail("etag", 'a boolean, "weak" or "strong"', value);
}

function spaOption(value: unknown): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return "index.html";
  if (typeof value === "string" && value !== "") return value.replace(/^\/+/, "");
  return fail("spa", "a boolean or a file path", value);
}

/** Checks every option once, so a mistake is a TypeError at startup naming the option. */
export function resolveOptions(options: StaticOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("staticFiles: options must be an object with a root");
  const maxAge = nonNegative("maxAge", options.maxAge, 0);
  const immutable = bool("immutable", options.immutable, false);
  return {
    ...rootOption(options.root),
    prefix: prefixOption(options.prefix),
    index: fileNames("index", options.index, ["index.html"]),
    dotfiles: oneOf("dotfiles", options.dotfiles, ["allow", "deny", "ignore"], "ignore"),
    etag: etagOption(options.etag),
    lastModified: bool("lastModified", options.lastModified, true),
    cacheControl: `public, max-age=${maxAge}${immutable ? ", immutable" : ""}`,
    precompressed: encodingsOption(options.precompressed),
    extensions: fileNames("extensions", options.extensions, []).map((e) => e.replace(/^\./, "")),
    fallthrough: bool("fallthrough", options.fallthrough, true),
    spa: spaOption(options.spa),
    headers: headersOption(options.headers),
    symlinks: oneOf("symlinks", options.symlinks, ["follow", "deny", "within-root"], "within-root"),
    cache: cacheOption(options.cache),
    otherMethods: oneOf("otherMethods", options.otherMethods, ["fallthrough", "405"], "fallthrough"),
    watch: bool("watch", options.watch, false),
  };
}
