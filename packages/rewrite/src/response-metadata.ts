import { deleteHeader, setHeader, weakenETag, type HeaderList } from "@tsgi/core";

// Fields that promise the exact bytes of the old body (RFC 9530 digests,
// RFC 1864 Content-MD5, byte ranges of it) and cannot be recomputed while
// streaming.
const BYTE_DESCRIPTORS = ["Content-MD5", "Digest", "Repr-Digest", "Content-Digest", "Accept-Ranges"];

/**
 * Makes the headers true of a body whose bytes are about to change: the
 * Content-Length is dropped (or set, when the new length is known), a strong
 * ETag becomes weak — the rewrite is deterministic, so one upstream version
 * still maps to one rewritten version, but the bytes are no longer the ones
 * the strong tag promised (RFC 9110 §8.8.1; nginx and Django do the same) —
 * and digests and Accept-Ranges are removed.
 */
export function forgetByteMetadata(headers: HeaderList, length?: number): void {
  if (length === undefined) deleteHeader(headers, "Content-Length");
  else setHeader(headers, "Content-Length", String(length));
  weakenETag(headers);
  for (const name of BYTE_DESCRIPTORS) deleteHeader(headers, name);
}
