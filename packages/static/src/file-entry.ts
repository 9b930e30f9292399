import * as fs from "node:fs";
import type { HeaderList } from "@tsgi/core";
import { contentTypeFor } from "./content-type.js";
import { strongTag, weakTag } from "./etag.js";
import { strongTagOfFile } from "./hash-file.js";
import type { Coding } from "./negotiate-encoding.js";
import type { ResolvedOptions } from "./options.js";

const EXTENSION: Record<Coding, string> = { identity: "", br: ".br", zstd: ".zst", gzip: ".gz" };

/** One coding of a file: its own path, size, validators and precomputed headers. */
export interface Variant {
  coding: Coding;
  abs: string;
  size: number;
  mtimeMs: number;
  ino: number;
  etag: string | undefined;
  mtimeSec: number | undefined;
  /** Every header of a 200 response, ready to copy. */
  headers: HeaderList;
  /** Headers kept on a 304 (RFC 9110 §15.4.5). */
  notModified: HeaderList;
  /** The whole file, when it is small enough to be served from memory. */
  data?: Uint8Array;
}

/** A URL that names a file, with the codings available for it, identity first. */
export interface FileEntry {
  kind: "file";
  /** The identity file's absolute path and URL path, for rebuilding a variant that changed. */
  file: FileInfo;
  contentType: string;
  variants: Variant[];
  codings: Coding[];
}

/** A URL that names a directory without the trailing slash. */
export interface DirectoryEntry {
  kind: "directory";
}

export type Entry = FileEntry | DirectoryEntry;

export interface FileInfo {
  abs: string;
  urlPath: string;
  contentType: string;
  vary: boolean;
}

export interface EntryStats {
  size: number;
  mtimeMs: number;
  ino: number;
}

function validators(opts: ResolvedOptions, coding: Coding, st: EntryStats, data: Uint8Array | undefined, abs: string) {
  let etag: string | undefined;
  if (opts.etag === "weak") etag = weakTag(st.size, st.mtimeMs, coding);
  else if (opts.etag === "strong") etag = data === undefined ? strongTagOfFile(abs, st) : strongTag(data);
  const mtimeSec = opts.lastModified ? Math.floor(st.mtimeMs / 1000) : undefined;
  return { etag, mtimeSec };
}

/**
 * Precomputes a variant's headers so that a request copies one array instead
 * of doing a stat and a MIME lookup. `data` is given when the file is kept in
 * memory; a strong ETag without it reads the file once, here.
 */
export function makeVariant(
  opts: ResolvedOptions,
  file: FileInfo,
  coding: Coding,
  st: EntryStats,
  data?: Uint8Array,
): Variant {
  const abs = file.abs + EXTENSION[coding];
  const { etag, mtimeSec } = validators(opts, coding, st, data, abs);
  const common: HeaderList = [];
  if (etag !== undefined) common.push(["ETag", etag]);
  if (mtimeSec !== undefined) common.push(["Last-Modified", new Date(mtimeSec * 1000).toUTCString()]);
  common.push(["Cache-Control", opts.cacheControl]);
  if (file.vary) common.push(["Vary", "Accept-Encoding"]);
  const extra = opts.headers(file.urlPath);
  const headers: HeaderList = [
    ["Content-Type", file.contentType],
    ["Content-Length", String(st.size)],
    ...common,
    ["Accept-Ranges", "bytes"],
    ["X-Content-Type-Options", "nosniff"],
  ];
  if (coding !== "identity") headers.push(["Content-Encoding", coding]);
  const notModified = withExtra(common, extra.filter(([n]) => KEPT_ON_304.has(n.toLowerCase())));
  const variant: Variant = {
    coding, abs, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, etag, mtimeSec,
    headers: withExtra(headers, extra), notModified,
  };
  if (data !== undefined) variant.data = data;
  return variant;
}

// The fields a 304 carries (RFC 9110 §15.4.5), besides ETag and Last-Modified.
const KEPT_ON_304 = new Set(["cache-control", "expires", "vary", "content-location", "date"]);

/** `base` with every field named in `extra` replaced by extra's values (several Link fields stay several). */
function withExtra(base: HeaderList, extra: HeaderList): HeaderList {
  if (extra.length === 0) return base;
  const names = new Set(extra.map(([n]) => n.toLowerCase()));
  return [...base.filter(([n]) => !names.has(n.toLowerCase())), ...extra.map(([n, v]): [string, string] => [n, v])];
}

/** The path of a coding's sibling file (`app.js` → `app.js.br`). */
export function siblingPath(abs: string, coding: Coding): string {
  return abs + EXTENSION[coding];
}

/** The codings of `opts.precompressed` whose sibling is a regular file, stat'ed. */
export function findSiblings(opts: ResolvedOptions, abs: string): [Coding, fs.Stats][] {
  const out: [Coding, fs.Stats][] = [];
  for (const coding of opts.precompressed) {
    const st = fs.statSync(siblingPath(abs, coding), { throwIfNoEntry: false });
    if (st?.isFile()) out.push([coding, st]);
  }
  return out;
}

/**
 * Builds the entry for a regular file: identity plus each precompressed
 * sibling, all with the Content-Type of the original file. `read` says which
 * variants to keep in memory (it returns their bytes or undefined).
 */
export function makeFileEntry(
  opts: ResolvedOptions,
  abs: string,
  urlPath: string,
  st: EntryStats,
  read: (abs: string, size: number) => Uint8Array | undefined = () => undefined,
): FileEntry {
  const siblings = findSiblings(opts, abs);
  const file = { abs, urlPath, contentType: contentTypeFor(abs), vary: siblings.length > 0 };
  const variants = [makeVariant(opts, file, "identity", st, read(abs, st.size))];
  for (const [coding, sst] of siblings) {
    variants.push(makeVariant(opts, file, coding, sst, read(siblingPath(abs, coding), sst.size)));
  }
  return { kind: "file", file, contentType: file.contentType, variants, codings: variants.map((v) => v.coding) };
}
