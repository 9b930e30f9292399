import type { App, Environ } from "@tsgi/core";
import { HostTable } from "./host-table.js";
import { parseMountKey } from "./parse-mount-key.js";
import { PathTrie, type PathMatch, type WalkedPath } from "./path-trie.js";
import { requestHost } from "./request-host.js";
import type { Mounts } from "./types.js";

/** One entry of the mounts table, compiled. */
export interface Mount {
  key: string;
  app: App;
  /**
   * Segment positions of `*` and `:name` parameters; undefined when the key
   * captures nothing (no parameter segment, no `*` host label, or no params option).
   */
  params: { index: number; name: string | undefined }[] | undefined;
  /** For a path-only key without parameters: its candidate, the same for every request that matches it. */
  exact: Candidate | undefined;
}

/** A mount that matches a request, where its prefix ends in the walked path, and what its host `*`s matched. */
export interface Candidate {
  mount: Mount;
  end: number;
  wildcards: readonly string[];
}

const NO_WILDCARDS: readonly string[] = Object.freeze([]);

/**
 * The mounts compiled into a host table of path tries plus one path trie for
 * path-only keys, so the candidates for a request cost the same with ten
 * mounts or ten thousand.
 */
export class MountTable {
  readonly #paths = new PathTrie<Mount>();
  #hosts: HostTable<PathTrie<Mount>> | undefined;
  readonly keys: readonly string[];

  constructor(mounts: Mounts, params: boolean) {
    const entries: Iterable<readonly [string, App]> =
      Symbol.iterator in mounts ? (mounts as Iterable<readonly [string, App]>) : Object.entries(mounts);
    const keys: string[] = [];
    for (const [key, app] of entries) {
      if (typeof key !== "string") throw new TypeError("dispatch: every mount key must be a string");
      if (typeof app !== "function") throw new TypeError(`dispatch: mount ${JSON.stringify(key)} must be an app (a function)`);
      this.#add(key, app, params);
      keys.push(key);
    }
    this.keys = Object.freeze(keys);
  }

  #add(key: string, app: App, params: boolean): void {
    const parsed = parseMountKey(key, params);
    const found: { index: number; name: string | undefined }[] = [];
    parsed.segments.forEach((segment, index) => {
      if ("param" in segment) found.push({ index, name: segment.param });
    });
    const capturesHost = params && parsed.host !== undefined && parsed.host.labels.includes("*");
    const mount: Mount = { key, app, params: found.length > 0 || capturesHost ? found : undefined, exact: undefined };
    if (parsed.host === undefined && found.length === 0) {
      const end = parsed.segments.reduce((n, segment) => n + 1 + ("literal" in segment ? segment.literal.length : 0), 0);
      mount.exact = { mount, end, wildcards: NO_WILDCARDS };
    }
    const trie = parsed.host === undefined ? this.#paths : (this.#hosts ??= new HostTable(() => new PathTrie())).at(parsed.host);
    const clash = trie.insert(parsed.segments, mount);
    if (clash !== undefined) {
      throw new TypeError(`dispatch: mount keys ${JSON.stringify(clash.key)} and ${JSON.stringify(key)} name the same mount`);
    }
  }

  /** The mount that answers the request: host keys first, then the longest prefix. */
  first(environ: Environ, path: WalkedPath): Candidate | undefined {
    if (this.#hosts !== undefined) {
      for (const host of this.#hosts.lookup(requestHost(environ))) {
        const found = host.value.best(path);
        if (found !== undefined) return { mount: found.value, end: found.end, wildcards: host.wildcards };
      }
    }
    const found = this.#paths.best(path);
    if (found === undefined) return undefined;
    const exact = found.value.exact;
    return exact !== undefined && exact.end === found.end ? exact : { mount: found.value, end: found.end, wildcards: NO_WILDCARDS };
  }

  /** Every mount matching the request, in the order cascade tries them: host keys first, longest prefix first. */
  all(environ: Environ, path: WalkedPath): Candidate[] {
    const out: Candidate[] = [];
    if (this.#hosts !== undefined) {
      for (const host of this.#hosts.lookup(requestHost(environ))) pushMatches(host.value, path, host.wildcards, out);
    }
    pushMatches(this.#paths, path, NO_WILDCARDS, out);
    return out;
  }
}

function pushMatches(trie: PathTrie<Mount>, path: WalkedPath, wildcards: readonly string[], out: Candidate[]): void {
  const found: PathMatch<Mount>[] = [];
  trie.match(path, found);
  for (const { value, end } of found) out.push({ mount: value, end, wildcards });
}
