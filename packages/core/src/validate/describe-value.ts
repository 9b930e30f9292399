/** A short, printable description of any value for violation messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 80) + "…" : value);
  if (typeof value === "function") return "a function";
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.byteLength} bytes`;
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (typeof value === "object") {
    const name = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
    return name ? `a ${name}` : "an object";
  }
  return `${typeof value} ${String(value)}`;
}

/** True when every UTF-16 unit of `text` is in U+0000–U+00FF (one latin-1 byte). */
export function isLatin1(text: string): boolean {
  return !/[^\u0000-\u00ff]/.test(text);
}
