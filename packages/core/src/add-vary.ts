import { getAllHeaders, setHeader } from "./header-list.js";
import type { HeaderList } from "./types.js";

/**
 * Adds field names to the response's `Vary` header (RFC 9110 §12.5.5),
 * merging with what is there: one `Vary` header afterwards, names compared
 * case-insensitively and not repeated, the existing spelling and order kept.
 * `*` already present (or added) makes the header just `*`. Returns `headers`.
 *
 *     addVary(headers, "Accept-Encoding");
 */
export function addVary(headers: HeaderList, ...fields: string[]): HeaderList {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const value of [...getAllHeaders(headers, "vary"), ...fields]) {
    for (const part of value.split(",")) {
      const name = part.trim();
      const key = name.toLowerCase();
      if (name === "" || seen.has(key)) continue;
      seen.add(key);
      names.push(name);
    }
  }
  if (names.length === 0) return headers;
  return setHeader(headers, "Vary", seen.has("*") ? "*" : names.join(", "));
}
