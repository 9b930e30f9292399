import { isAuthority } from "./validate/uri-syntax.js";

/**
 * True for a valid `Host` field value (RFC 9112 §3.2): an RFC 3986 host,
 * possibly empty, and an optional `:port`, with no userinfo, path or
 * whitespace. The same rule buildEnviron applies and validate() checks, for
 * servers and middleware that take a host from elsewhere (X-Forwarded-Host).
 */
export function isHostField(text: string): boolean {
  return isAuthority(text);
}
