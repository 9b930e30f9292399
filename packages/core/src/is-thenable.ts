/**
 * True for a promise or any other thenable (a value with a `then()` method,
 * as Promise.resolve sees it): what must be awaited before its value is used.
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}
