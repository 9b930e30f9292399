/**
 * An error that carries the HTTP status it should produce. `expose` says
 * whether its message is safe to show to the client (true for 4xx by
 * default, as in http-errors and Koa), so error pages never leak 5xx details.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly headers: [string, string][];

  constructor(status: number, message: string, options: { expose?: boolean; headers?: [string, string][]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.expose = options.expose ?? status < 500;
    this.headers = options.headers ?? [];
  }
}

/** Thrown by readBody and servers when a request body is over the limit (413). */
export class BodyTooLargeError extends HttpError {
  readonly limit: number;
  constructor(limit: number) {
    super(413, `request body is larger than the limit of ${limit} bytes`);
    this.name = "BodyTooLargeError";
    this.limit = limit;
  }
}
