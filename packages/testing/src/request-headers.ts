import { isFieldValue, isToken } from "@tsgi/core";
import type { RequestHeaders } from "./options.js";

/** Flattens any RequestHeaders form into checked `[name, value]` pairs, in order. */
export function headerPairs(init: RequestHeaders | undefined): [string, string][] {
  if (init === undefined) return [];
  const pairs: [string, string][] = [];
  const entries: Iterable<readonly [string, unknown]> =
    Symbol.iterator in init
      ? (init as Iterable<readonly [string, string]>)
      : Object.entries(init as Record<string, unknown>);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) pairs.push(checkHeader(name, item));
  }
  return pairs;
}

/**
 * Request headers replace defaults of the same name (case-insensitively);
 * repeated names within one source are all kept.
 */
export function mergeHeaders(defaults: readonly [string, string][], overrides: readonly [string, string][]): [string, string][] {
  const replaced = new Set(overrides.map(([name]) => name.toLowerCase()));
  return [...defaults.filter(([name]) => !replaced.has(name.toLowerCase())), ...overrides];
}

function checkHeader(name: unknown, value: unknown): [string, string] {
  if (typeof name !== "string" || !isToken(name)) {
    throw new TypeError(`invalid request header name ${JSON.stringify(name)}`);
  }
  const text = typeof value === "string" ? value : String(value);
  if (!isFieldValue(text)) {
    throw new TypeError(
      `request header ${name} must be latin-1 text without control characters, got ${JSON.stringify(text)}` +
        " (send UTF-8 bytes with utf8ToLatin1 from @tsgi/core)",
    );
  }
  return [name, text];
}
