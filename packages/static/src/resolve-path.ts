import { latin1ToUtf8 } from "@tsgi/core";

// Names Windows maps to devices whatever the extension (CON, NUL.txt, COM1...).
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i;
// Separators and dots still encoded after the one decoding the server did
// (double encoding), and characters no URL path to a file should carry.
const ENCODED = /%(2e|2f|5c|00|25)/i;
const FORBIDDEN = /[\0-\x1f\x7f\\:*?"<>|]/;

function refusedSegment(segment: string): boolean {
  return (
    segment === "." ||
    segment === ".." ||
    FORBIDDEN.test(segment) ||
    ENCODED.test(segment) ||
    DEVICE.test(segment) ||
    // Windows drops trailing dots and spaces, so "a.txt." would open "a.txt".
    /[. ]$/.test(segment)
  );
}

/**
 * Turns the path below the prefix (latin-1, as in PATH_INFO) into the UTF-8
 * segments of a file below root, or undefined for anything that is not a
 * plain relative path: `.`/`..` segments, empty segments (`//`), backslashes,
 * NUL and control bytes, drive letters and other colons, Windows device
 * names, encoded or double-encoded separators, and invalid UTF-8. A trailing
 * slash is kept as a final empty segment (a directory was asked for).
 */
export function resolvePath(below: string): string[] | undefined {
  if (!below.startsWith("/")) return undefined;
  const text = latin1ToUtf8(below);
  if (text.includes("\uFFFD")) return undefined;
  const segments = text.slice(1).split("/");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === "" ? i !== segments.length - 1 : refusedSegment(segment)) return undefined;
  }
  return segments;
}
