/**
 * The order of `Allow`: RFC 9110 §9.3's methods in the order that section
 * defines them, then PATCH (RFC 5789) and QUERY, then every other method in
 * code-unit order. It depends only on the set, never on how a table was
 * written, so the same resource always sends the same header.
 */
const STANDARD_ORDER: readonly string[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
  "QUERY",
];

const RANK = new Map(STANDARD_ORDER.map((method, index) => [method, index]));

/** Sorts methods into the documented `Allow` order, dropping repeats. */
export function sortMethods(methods: Iterable<string>): string[] {
  return [...new Set(methods)].sort(compareMethods);
}

function compareMethods(a: string, b: string): number {
  const rankA = RANK.get(a) ?? STANDARD_ORDER.length;
  const rankB = RANK.get(b) ?? STANDARD_ORDER.length;
  if (rankA !== rankB) return rankA - rankB;
  return a < b ? -1 : a > b ? 1 : 0;
}
