import { DEFAULT_KNOWN_METHODS } from "./known-methods.js";

/**
 * The order of `Allow`: the default known methods in their order (RFC 9110
 * §9.3's, then PATCH and QUERY), then every other method in code-unit order.
 * It depends only on the set, never on how a table was written, so the same
 * resource always sends the same header.
 */
const RANK = new Map(DEFAULT_KNOWN_METHODS.map((method, index) => [method, index]));

/** Sorts methods into the documented `Allow` order, dropping repeats. */
export function sortMethods(methods: Iterable<string>): string[] {
  return [...new Set(methods)].sort(compareMethods);
}

function compareMethods(a: string, b: string): number {
  const rankA = RANK.get(a) ?? DEFAULT_KNOWN_METHODS.length;
  const rankB = RANK.get(b) ?? DEFAULT_KNOWN_METHODS.length;
  if (rankA !== rankB) return rankA - rankB;
  return a < b ? -1 : a > b ? 1 : 0;
}
