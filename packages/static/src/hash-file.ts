import * as fs from "node:fs";
import { createHash } from "node:crypto";
import { strongTag } from "./etag.js";

const CHUNK = 1024 * 1024;
const MEMO_LIMIT = 1000;
const memo = new Map<string, string>();

/**
 * The strong ETag of a file's contents, read in 1 MiB pieces so a large file
 * never sits in memory whole. Remembered by path, size, mtime and inode, so
 * `cache: false` (which describes the file on every request) hashes a file
 * once per change rather than once per request.
 */
export function strongTagOfFile(abs: string, st: { size: number; mtimeMs: number; ino: number }): string {
  const key = `${st.ino}:${st.size}:${st.mtimeMs}:${abs}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const hash = createHash("sha256");
  const fd = fs.openSync(abs, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(st.size, 1)));
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.byteLength, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  const tag = strongTag(hash);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, tag);
  return tag;
}
