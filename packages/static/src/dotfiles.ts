/**
 * Whether a URL path (below the prefix) has a segment starting with a dot,
 * other than a leading `/.well-known/` (RFC 8615), which is served like any
 * other directory (ACME challenges, security.txt).
 */
export function isDotted(below: string): boolean {
  if (!below.includes("/.")) return false;
  const segments = below.split("/");
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.startsWith(".") && !(i === 1 && s === ".well-known")) return true;
  }
  return false;
}
