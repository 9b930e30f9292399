import { isToken } from "@tsgi/core";

/**
 * Checks an option that lists methods (`known`, `serverMethods`, `from`,
 * `to`) once, at construction: an iterable (not a string, which would be
 * read letter by letter) of RFC 9110 tokens. A TypeError names the option.
 */
export function methodTokens(value: unknown, name: string): string[] {
  if (typeof value === "string" || value == null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${name} must be an iterable of method tokens, like ["GET", "POST"]`);
  }
  const list = [...(value as Iterable<unknown>)];
  for (const method of list) {
    if (typeof method !== "string" || !isToken(method)) {
      throw new TypeError(`${name}: ${JSON.stringify(method)} is not a method token (RFC 9110 §9.1)`);
    }
  }
  return list as string[];
}
