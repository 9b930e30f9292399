import * as fs from "node:fs";
import * as path from "node:path";
import { utf8ToLatin1 } from "@tsgi/core";
import { makeFileEntry, type Entry } from "./file-entry.js";
import { symlinkAllowed } from "./open-file.js";
import type { ResolvedOptions } from "./options.js";

/** URL path (latin-1, below the prefix) → entry. `""` is the root directory, `"/"` its index. */
export type FileTable = Map<string, Entry>;

class Walk {
  readonly table: FileTable = new Map();
  readonly #opts: ResolvedOptions;
  readonly #aliases: [string, string][] = [];
  readonly #seenDirs = new Set<string>();
  #bytesLeft: number;

  constructor(opts: ResolvedOptions) {
    this.#opts = opts;
    this.#bytesLeft = opts.cache === false ? 0 : opts.cache.maxBytes;
  }

  run(): FileTable {
    this.#directory(this.#opts.realRoot, "");
    for (const [alias, target] of this.#aliases) {
      if (!this.table.has(alias)) this.table.set(alias, this.table.get(target)!);
    }
    return this.table;
  }

  #read = (abs: string, size: number): Uint8Array | undefined => {
    const cache = this.#opts.cache;
    if (cache === false || size > cache.maxFileBytes || size > this.#bytesLeft) return undefined;
    let data: Buffer;
    try {
      data = fs.readFileSync(abs);
    } catch {
      return undefined;
    }
    if (data.byteLength !== size) return undefined;
    this.#bytesLeft -= size;
    return data;
  };

  /** The stats of a directory entry, after the symlink policy; undefined to skip it. */
  #stat(abs: string, dirent: fs.Dirent): fs.Stats | undefined {
    try {
      if (dirent.isSymbolicLink()) {
        const policy = this.#opts.symlinks;
        if (policy === "deny") return undefined;
        if (!symlinkAllowed(policy, fs.realpathSync(abs), abs, this.#opts.realRoot)) return undefined;
      }
      return fs.statSync(abs);
    } catch {
      return undefined;
    }
  }

  #directory(dirAbs: string, urlDir: string): void {
    let dirents: fs.Dirent[];
    try {
      const real = fs.realpathSync(dirAbs);
      // A followed symlink loop would otherwise walk forever.
      if (this.#seenDirs.has(real)) return;
      this.#seenDirs.add(real);
      dirents = fs.readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return; // removed while we walked
    }
    this.table.set(urlDir, { kind: "directory" });
    for (const dirent of dirents) {
      const name = dirent.name;
      const dotted = name.startsWith(".") && !(urlDir === "" && name === ".well-known");
      if (dotted && this.#opts.dotfiles !== "allow") continue;
      const abs = path.join(dirAbs, name);
      const st = this.#stat(abs, dirent);
      const urlPath = `${urlDir}/${utf8ToLatin1(name)}`;
      if (st?.isDirectory()) this.#directory(abs, urlPath);
      else if (st?.isFile()) this.#file(abs, urlPath, name, st);
    }
    for (const name of this.#opts.index) {
      const entry = this.table.get(`${urlDir}/${utf8ToLatin1(name)}`);
      if (entry?.kind === "file") {
        this.table.set(`${urlDir}/`, entry);
        break;
      }
    }
  }

  #file(abs: string, urlPath: string, name: string, st: fs.Stats): void {
    try {
      this.table.set(urlPath, makeFileEntry(this.#opts, abs, urlPath, st, this.#read));
    } catch {
      return; // removed or unreadable while we walked: not served
    }
    for (const ext of this.#opts.extensions) {
      if (name.endsWith(`.${ext}`) && name.length > ext.length + 1) {
        this.#aliases.push([urlPath.slice(0, -(ext.length + 1)), urlPath]);
      }
    }
  }
}

/**
 * Walks root once and maps every servable URL to its entry, with headers
 * precomputed and small files read into memory (up to cache.maxBytes in
 * total), so a request does a Map lookup and no stat. Dotfiles are left out
 * unless allowed, symlinks follow the policy, and a directory with an index
 * file also gets the `dir/` key.
 */
export function buildFileTable(opts: ResolvedOptions): FileTable {
  return new Walk(opts).run();
}
