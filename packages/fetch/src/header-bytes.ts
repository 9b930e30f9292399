import { latin1ToUtf8, utf8ToLatin1 } from "@tsgi/core";

/**
 * How a runtime's Headers object maps header bytes to JS strings.
 * - `"latin1"`: one character per byte (the Fetch standard's ByteString;
 *   Node, Bun, Deno). Values pass through unchanged.
 * - `"utf-8"`: bytes decoded as UTF-8 on the way in and encoded as UTF-8 on
 *   the way out (workerd / Cloudflare Workers).
 */
export type HeaderEncoding = "latin1" | "utf-8";

/** workerd identifies itself through navigator.userAgent; everyone else is latin-1. */
export function detectHeaderEncoding(): HeaderEncoding {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return agent === "Cloudflare-Workers" ? "utf-8" : "latin1";
}

const NOT_LATIN1 = /[^\x00-\xff]/;
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * A runtime header value → the latin-1 byte string environ values are.
 * Characters above U+00FF can only come from UTF-8 decoding, so they are
 * re-encoded whatever the declared encoding.
 */
export function headerToLatin1(value: string, encoding: HeaderEncoding): string {
  if (encoding === "utf-8" ? NOT_ASCII.test(value) : NOT_LATIN1.test(value)) return utf8ToLatin1(value);
  return value;
}

/** A latin-1 byte string → what the runtime's Headers must be given to send those bytes. */
export function latin1ToHeader(value: string, encoding: HeaderEncoding): string {
  return encoding === "utf-8" && NOT_ASCII.test(value) ? latin1ToUtf8(value) : value;
}
