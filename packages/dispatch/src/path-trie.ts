import type { KeySegment } from "./parse-mount-key.js";

class PathNode<T> {
  readonly children = new Map<string, PathNode<T>>();
  param: PathNode<T> | undefined;
  value: T | undefined;
}

/** A mount found for a path: its value and how many segments it consumed. */
export interface PathMatch<T> {
  value: T;
  depth: number;
}

/**
 * A trie of path segments, compiled once: finding the mounts for a path
 * costs one Map lookup per request segment, whatever the number of mounts.
 * A `:param`/`*` segment is one shared child, so exact segments are tried
 * first and parameters second at each level.
 */
export class PathTrie<T> {
  readonly #root = new PathNode<T>();

  /** Stores `value` at `segments`; returns the value already there instead, if any. */
  insert(segments: readonly KeySegment[], value: T): T | undefined {
    let node = this.#root;
    for (const segment of segments) {
      if ("literal" in segment) {
        let child = node.children.get(segment.literal);
        if (child === undefined) node.children.set(segment.literal, (child = new PathNode<T>()));
        node = child;
      } else {
        node = node.param ??= new PathNode<T>();
      }
    }
    if (node.value !== undefined) return node.value;
    node.value = value;
    return undefined;
  }

  /** Appends every mount that is a segment prefix of `segments` to `out`, longest first. */
  match(segments: readonly string[], out: PathMatch<T>[]): void {
    const start = out.length;
    walk(this.#root, segments, 0, out);
    if (out.length - start > 1) {
      const found = out.splice(start).sort((a, b) => b.depth - a.depth);
      out.push(...found);
    }
  }
}

function walk<T>(node: PathNode<T>, segments: readonly string[], depth: number, out: PathMatch<T>[]): void {
  if (node.value !== undefined) out.push({ value: node.value, depth });
  if (depth === segments.length) return;
  const segment = segments[depth]!;
  const child = node.children.get(segment);
  if (child !== undefined) walk(child, segments, depth + 1, out);
  // A parameter never matches an empty segment: `/users//x` has no id.
  if (node.param !== undefined && segment !== "") walk(node.param, segments, depth + 1, out);
}
