import type { App, Environ } from "@tsgi/core";
import { HostTable } from "./host-table.js";
import { parseMountKey } from "./parse-mount-key.js";
import { PathTrie, type PathMatch } from "./path-trie.js";
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
}

/** A mount that matches a request, with how many segments it takes and what its host `*`s matched. */
export interface Candidate {
  mount: Mount;
  depth: number;
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
    const mount: Mount = { key, app, params: found.length > 0 || capturesHost ? found : undefined };
    const trie = parsed.host === undefined ? this.#paths : (this.#hosts ??= new HostTable(() => new PathTrie())).at(parsed.host);
    const clash = trie.insert(parsed.segments, mount);
    if (clash !== undefined) {
      throw new TypeError(`dispatch: mount keys ${JSON.stringify(clash.key)} and ${JSON.stringify(key)} name the same mount`);
    }
  }

  /** Every mount matching the request, in the order they are tried: host mounts first, longest prefix first. */
  candidates(environ: Environ, segments: readonly string[]): Candidate[] {
    const out: Candidate[] = [];
    if (this.#hosts !== undefined) {
      for (const host of this.#hosts.lookup(requestHost(environ))) {
        pushMatches(host.value, segments, host.wildcards, out);
      }
    }
    pushMatches(this.#paths, segments, NO_WILDCARDS, out);
    return out;
  }
}

function pushMatches(trie: PathTrie<Mount>, segments: readonly string[], wildcards: readonly string[], out: Candidate[]): void {
  const found: PathMatch<Mount>[] = [];
  trie.match(segments, found);
  for (const { value, depth } of found) out.push({ mount: value, depth, wildcards });
}
