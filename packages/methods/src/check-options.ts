/**
 * Checks an options argument once, at construction: it must be a plain
 * object, and a key it does not know is a TypeError naming it, so a typo
 * (`header` for `headers`) fails at startup instead of being ignored.
 */
export function checkOptions(options: unknown, known: readonly string[], where: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${where}: unknown option ${JSON.stringify(key)} (known: ${known.join(", ")})`);
  }
  return options as Record<string, unknown>;
}

/** `value` if it is a boolean or undefined (then `fallback`); otherwise a TypeError naming the option. */
export function booleanOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  return value;
}
