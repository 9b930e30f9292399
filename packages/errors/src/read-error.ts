/** What the middleware needs to know about a thrown value, read without ever throwing. */
export interface ErrorFacts {
  /** A valid 4xx/5xx from `status` or `statusCode`, else undefined. */
  status: number | undefined;
  /** The message, when the value is marked `expose: true` and has a valid status. */
  exposedMessage: string | undefined;
  /** `err.headers`, unchecked. */
  headers: unknown;
}

/**
 * Reads one property of anything that was thrown. Getters may throw, a
 * revoked Proxy throws on every access, and a primitive has no properties:
 * each gives undefined instead of a second error.
 */
export function safeGet(value: unknown, key: PropertyKey): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `err.status` (or `err.statusCode`) when it is an integer 400–599, as finalhandler and Koa read it. */
export function errorStatus(value: unknown): number | undefined {
  for (const key of ["status", "statusCode"]) {
    const status = safeGet(value, key);
    if (typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599) return status;
  }
  return undefined;
}

export function readError(value: unknown): ErrorFacts {
  const status = errorStatus(value);
  const message = safeGet(value, "message");
  // An error that is marked exposable but carries no usable status is a
  // mistake (createError(200)); it answers 500, which never shows a message.
  const exposed = status !== undefined && safeGet(value, "expose") === true && typeof message === "string";
  return { status, exposedMessage: exposed ? (message as string) : undefined, headers: safeGet(value, "headers") };
}
