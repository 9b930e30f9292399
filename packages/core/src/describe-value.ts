/**
 * A short, printable description of any value, for error messages that must
 * say what an app handed over ("the body yielded a string", not "[object]").
 * Never throws: a revoked Proxy or a getter that throws is described, not run.
 */
export function describeValue(value: unknown): string {
  try {
    return describeUnsafe(value);
  } catch {
    return "a value that cannot be inspected";
  }
}

function describeUnsafe(value: unknown): string {
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

/**
 * The stack (or name and message) of whatever was thrown, for a log line.
 * Never throws, even for a value whose getters or toString throw.
 */
export function formatError(error: unknown): string {
  try {
    return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  } catch {
    return "(a thrown value that cannot be turned into text)";
  }
}
