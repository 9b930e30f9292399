const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5 field-value: visible characters, SP, HTAB and obs-text
// (0x80–0xFF, the latin-1 bytes); never CR, LF, NUL or other controls.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** True for an RFC 9110 token: what methods and header names are made of. */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/** True for a header value a server can send as is: latin-1, no control characters but HTAB. */
export function isFieldValue(text: string): boolean {
  return FIELD_VALUE.test(text);
}

// Control characters a status or header value may not hold (HTAB is allowed).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** True when `text` holds a control character other than HTAB. */
export function hasControlChar(text: string): boolean {
  return CONTROL.test(text);
}

/** True when every UTF-16 unit of `text` is in U+0000–U+00FF (one latin-1 byte). */
export function isLatin1(text: string): boolean {
  return !/[^\u0000-\u00ff]/.test(text);
}
