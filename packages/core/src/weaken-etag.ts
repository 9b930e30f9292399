import { deleteHeader, getHeader, setHeader } from "./header-list.js";
import type { HeaderList } from "./types.js";

const STRONG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;
const WEAK = /^W\/"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * For middleware that changes a body's bytes but not its meaning
 * (compression): turns a strong `ETag` `"abc"` into the weak `W/"abc"`
 * (RFC 9110 §8.8.1), as nginx's gzip and Django's GZipMiddleware do, so
 * conditional GETs (weak comparison) still give 304 while Range requests
 * (strong comparison) no longer match the changed bytes. A weak ETag is kept;
 * a malformed one is deleted, since it cannot be weakened. Returns `headers`.
 * Middleware that changes the meaning deletes the ETag instead (SPEC §7.3).
 */
export function weakenETag(headers: HeaderList): HeaderList {
  const etag = getHeader(headers, "etag");
  if (etag === undefined) return headers;
  const value = etag.trim();
  if (WEAK.test(value)) return headers;
  if (!STRONG.test(value)) {
    deleteHeader(headers, "etag");
    return headers;
  }
  return setHeader(headers, "ETag", `W/${value}`);
}
