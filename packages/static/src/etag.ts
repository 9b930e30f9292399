import { createHash, type Hash } from "node:crypto";

/** A weak validator from size and mtime, different for each coding of a file. */
export function weakTag(size: number, mtimeMs: number, coding: string): string {
  const suffix = coding === "identity" ? "" : `-${coding}`;
  return `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}${suffix}"`;
}

/** A strong validator from the bytes themselves (or a SHA-256 fed with them): survives deploys that change mtimes. */
export function strongTag(bytes: Uint8Array | Hash): string {
  const hash = bytes instanceof Uint8Array ? createHash("sha256").update(bytes) : bytes;
  return `"${hash.digest("base64url").slice(0, 27)}"`;
}

const TAG = /\s*(W\/)?("[^"]*")\s*(?:,|$)/y;

/** The entity-tags of an If-Match / If-None-Match list, or "*"; malformed members are dropped. */
export function parseTagList(value: string): "*" | { weak: boolean; opaque: string }[] {
  if (value.trim() === "*") return "*";
  const out: { weak: boolean; opaque: string }[] = [];
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TAG.lastIndex < value.length && (m = TAG.exec(value)) !== null) {
    out.push({ weak: m[1] !== undefined, opaque: m[2]! });
  }
  return out;
}

function split(tag: string): { weak: boolean; opaque: string } {
  return tag.startsWith("W/") ? { weak: true, opaque: tag.slice(2) } : { weak: false, opaque: tag };
}

/** RFC 9110 §8.8.3.2: weak comparison ignores W/, strong comparison needs both strong. */
export function tagListMatches(value: string, tag: string, strong: boolean): boolean {
  const list = parseTagList(value);
  if (list === "*") return true;
  const ours = split(tag);
  if (strong && ours.weak) return false;
  return list.some((t) => t.opaque === ours.opaque && !(strong && t.weak));
}
