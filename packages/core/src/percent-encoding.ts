/**
 * Percent-decodes a URL path into a latin-1 string: each byte becomes the
 * character with that code (so UTF-8 `é`, `%C3%A9`, becomes `"Ã©"`), exactly
 * as CGI and WSGI do. Returns `undefined` for a malformed escape such as `%zz`
 * or a truncated `%4`, which servers answer with 400.
 */
export function decodePathLatin1(raw: string): string | undefined {
  let pct = raw.indexOf("%");
  if (pct === -1) return raw;
  let out = "";
  let from = 0;
  while (pct !== -1) {
    const hi = hexValue(raw.charCodeAt(pct + 1));
    const lo = hexValue(raw.charCodeAt(pct + 2));
    if (hi === -1 || lo === -1) return undefined;
    out += raw.slice(from, pct) + String.fromCharCode(hi * 16 + lo);
    from = pct + 3;
    pct = raw.indexOf("%", from);
  }
  return out + raw.slice(from);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const HEX = "0123456789ABCDEF";

/**
 * The inverse of decodePathLatin1, for rebuilding URLs from SCRIPT_NAME and
 * PATH_INFO: every character outside RFC 3986's unreserved set and `safe` is
 * written as `%XX` of its latin-1 byte.
 */
export function quoteLatin1(text: string, safe = "/"): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
      ch === "-" || ch === "." || ch === "_" || ch === "~" || safe.includes(ch)
    ) {
      out += ch;
    } else if (c > 0xff) {
      throw new RangeError(`not a latin-1 string: U+${c.toString(16).toUpperCase()} at ${i}`);
    } else {
      out += "%" + HEX[c >> 4]! + HEX[c & 15]!;
    }
  }
  return out;
}

/** Latin-1 text (one char per byte) to the UTF-8 text those bytes encode. */
export function latin1ToUtf8(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return utf8.decode(bytes);
}

/** UTF-8 text to the latin-1 string of its bytes, the form environ values take. */
export function utf8ToLatin1(text: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

const utf8 = new TextDecoder();
