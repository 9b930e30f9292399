import { decodePathLatin1 } from "@tsgi/core";
import type { KeySegment } from "./parse-mount-key.js";

class PathNode<T> {
  readonly children = new Map<string, PathNode<T>>();
  param: PathNode<T> | undefined;
  value: T | undefined;
  /**
   * `value` with the length of the literal path down to this node: what an
   * exact walk of a decoded path finds here, made once rather than per request.
   */
  match: PathMatch<T> | undefined;
}

/** A mount found for a path: its value and the offset in the walked text where its prefix ends. */
export interface PathMatch<T> {
  value: T;
  end: number;
}

/**
 * The text a trie walks: a path whose segments are separated by `/`. With
 * `raw`, it is still percent-encoded (encodedSlash 'keep': a `%2F` must not
 * split a segment) and each segment is decoded before it is compared.
 */
export interface WalkedPath {
  text: string;
  raw: boolean;
}

/**
 * A trie of path segments, compiled once: finding the mounts for a path
 * costs one Map lookup per request segment, whatever the number of mounts,
 * and reads the segments straight from the path string. A `:param`/`*`
 * segment is one shared child, so exact segments are tried first and
 * parameters second at each level.
 */
export class PathTrie<T> {
  readonly #root = new PathNode<T>();
  #hasParams = false;

  /** Stores `value` at `segments`; returns the value already there instead, if any. */
  insert(segments: readonly KeySegment[], value: T): T | undefined {
    let node = this.#root;
    let length = 0;
    for (const segment of segments) {
      if ("literal" in segment) {
        let child = node.children.get(segment.literal);
        if (child === undefined) node.children.set(segment.literal, (child = new PathNode<T>()));
        node = child;
        length += 1 + segment.literal.length;
      } else {
        this.#hasParams = true;
        node = node.param ??= new PathNode<T>();
      }
    }
    if (node.value !== undefined) return node.value;
    node.value = value;
    node.match = { value, end: length };
    return undefined;
  }

  /** The mount with the longest prefix of `path`; at the same length an exact segment beats a parameter. */
  best(path: WalkedPath): PathMatch<T> | undefined {
    if (path.text.charCodeAt(0) !== 47 /* / */) return this.#root.value && { value: this.#root.value, end: 0 };
    return this.#hasParams ? best(this.#root, path, 0) : bestExact(this.#root, path);
  }

  /** Appends every mount that is a segment prefix of `path` to `out`, longest first. */
  match(path: WalkedPath, out: PathMatch<T>[]): void {
    const found: PathMatch<T>[] = [];
    if (path.text.charCodeAt(0) === 47 /* / */) walk(this.#root, path, 0, found);
    else if (this.#root.value !== undefined) found.push({ value: this.#root.value, end: 0 });
    // Stable: at the same length the exact segment, found first, stays first.
    out.push(...found.sort((a, b) => b.end - a.end));
  }
}

/** The offset of the `/` after the one at `start`, or the text's length. */
function nextSlash(path: WalkedPath, start: number): number {
  const next = path.text.indexOf("/", start + 1);
  return next === -1 ? path.text.length : next;
}

/** The segment between the `/` at `start` and `next`, decoded when the text is raw. */
function segmentOf(path: WalkedPath, start: number, next: number): string {
  const text = path.text.slice(start + 1, next);
  return path.raw ? decodePathLatin1(text)! : text;
}

/** `best` for a trie without parameters: one path down, no backtracking, one allocation. */
function bestExact<T>(root: PathNode<T>, path: WalkedPath): PathMatch<T> | undefined {
  let node = root;
  let found = root.value === undefined ? undefined : root;
  let end = 0;
  for (let start = 0; start < path.text.length && node.children.size > 0; ) {
    const next = nextSlash(path, start);
    const child = node.children.get(segmentOf(path, start, next));
    if (child === undefined) break;
    node = child;
    start = next;
    if (node.value !== undefined) {
      found = node;
      end = next;
    }
  }
  if (found === undefined) return undefined;
  // In a decoded path every literal segment is as long as the key's; a raw one may be longer (`%41`).
  return path.raw ? { value: found.value!, end } : found.match!;
}

// `start` is the offset of a `/` in the text, or its length once every segment is read.
function best<T>(node: PathNode<T>, path: WalkedPath, start: number): PathMatch<T> | undefined {
  let found: PathMatch<T> | undefined = node.value === undefined ? undefined : { value: node.value, end: start };
  if (start >= path.text.length) return found;
  const next = nextSlash(path, start);
  const segment = segmentOf(path, start, next);
  const child = node.children.get(segment);
  const exact = child === undefined ? undefined : best(child, path, next);
  if (exact !== undefined) found = exact;
  // A parameter never matches an empty segment: `/users//x` has no id.
  if (node.param !== undefined && segment !== "") {
    const param = best(node.param, path, next);
    if (param !== undefined && (found === undefined || param.end > found.end)) found = param;
  }
  return found;
}

function walk<T>(node: PathNode<T>, path: WalkedPath, start: number, out: PathMatch<T>[]): void {
  if (node.value !== undefined) out.push({ value: node.value, end: start });
  if (start >= path.text.length) return;
  const next = nextSlash(path, start);
  const segment = segmentOf(path, start, next);
  const child = node.children.get(segment);
  if (child !== undefined) walk(child, path, next, out);
  if (node.param !== undefined && segment !== "") walk(node.param, path, next, out);
}
