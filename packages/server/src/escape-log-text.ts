const UNSAFE = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/;
const UNSAFE_ALL = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/g;

function escapeChar(c: string): string {
  if (c === '"') return '\\"';
  if (c === "\\") return "\\\\";
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Makes client-supplied text safe in a log line, as gunicorn does: every
 * byte outside printable ASCII becomes `\xNN` (so CR, LF and also NEL U+0085,
 * which some readers take as a line break, cannot split a line), and `"` and
 * `\` are escaped so quoted fields stay quoted.
 */
export function escapeLogText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}
