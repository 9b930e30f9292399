import * as fs from "node:fs";
import * as path from "node:path";
import { utf8ToLatin1 } from "@tsgi/core";
import { makeFileEntry, type Entry } from "./file-entry.js";
import type { ResolvedOptions } from "./options.js";
import { resolvePath } from "./resolve-path.js";

function statOf(abs: string): fs.Stats | undefined {
  try {
    return fs.statSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function indexOf(opts: ResolvedOptions, dirAbs: string, urlDir: string): Entry | undefined {
  for (const name of opts.index) {
    const abs = path.join(dirAbs, name);
    const st = statOf(abs);
    if (st?.isFile()) return makeFileEntry(opts, abs, `${urlDir}/${utf8ToLatin1(name)}`, st);
  }
  return undefined;
}

/**
 * The entry for a URL path found on disk at request time (`cache: false`, for
 * development): the path is checked by resolvePath first, and the symlink
 * policy is applied later on the opened file, as with the index.
 */
export function lookupOnDisk(opts: ResolvedOptions, below: string): Entry | undefined {
  const segments = below === "" ? [] : resolvePath(below);
  if (segments === undefined) return undefined;
  const abs = path.join(opts.realRoot, ...segments);
  if (!abs.startsWith(opts.realRoot)) return undefined;
  const st = statOf(abs);
  if (segments.at(-1) === "") return st?.isDirectory() ? indexOf(opts, abs, below.slice(0, -1)) : undefined;
  if (st?.isFile()) return makeFileEntry(opts, abs, below, st);
  if (st?.isDirectory()) return indexOf(opts, abs, below) === undefined ? undefined : { kind: "directory" };
  for (const ext of opts.extensions) {
    const candidate = statOf(`${abs}.${ext}`);
    if (candidate?.isFile()) return makeFileEntry(opts, `${abs}.${ext}`, `${below}.${ext}`, candidate);
  }
  return undefined;
}
