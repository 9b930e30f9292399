import { getAllHeaders, hasHeader, statusHasNoBody, type HeaderList } from "@tsgi/core";

/**
 * Why a response must not have its body rewritten, or undefined when it may.
 * 1xx/204/304 have no body to rewrite; a 206 or anything with
 * Content-Range is a slice of a representation, and changing it would
 * corrupt the client's reassembly; `Cache-Control: no-transform` forbids it
 * (RFC 9111 §5.2.2.6).
 */
export function whyUntouchable(code: number, headers: HeaderList): string | undefined {
  if (statusHasNoBody(code)) return "status without a body";
  if (code === 206 || hasHeader(headers, "Content-Range")) return "partial content";
  if (hasNoTransform(headers)) return "Cache-Control: no-transform";
  return undefined;
}

function hasNoTransform(headers: HeaderList): boolean {
  const cacheControl = getAllHeaders(headers, "Cache-Control").join(",");
  return /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl);
}
