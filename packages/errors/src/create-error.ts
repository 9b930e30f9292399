import { HttpError, STATUS_REASONS } from "@tsgi/core";

export { HttpError };

/** What `createError` accepts besides the status and message. */
export interface CreateErrorOptions {
  /** Show the message to the client. @default true for 4xx, false for 5xx */
  expose?: boolean;
  /** Headers for the error response (`Retry-After`, `WWW-Authenticate`, `Allow` …). */
  headers?: [string, string][];
  /** The error that led to this one; shown in the debug page's chain, never to clients in production. */
  cause?: unknown;
}

/**
 * `createError(404)` → an `HttpError` the `errors` middleware turns into a
 * 404 page. The message defaults to the status's reason phrase. Throws a
 * RangeError for a status that is not 4xx or 5xx: an error with status 200
 * is a bug better found where it is made.
 */
export function createError(status: number, message?: string, options: CreateErrorOptions = {}): HttpError {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`createError: status must be an integer from 400 to 599, got ${String(status)}`);
  }
  return new HttpError(status, message ?? STATUS_REASONS[status] ?? "Error", options);
}
