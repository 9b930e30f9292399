import { describeThrown, safeName } from "./describe-thrown.js";
import { escapeControls } from "./log-line.js";
import { safeGet } from "./read-error.js";

const MAX_SUMMARY = 200;

/**
 * What `errors()` throws to the server when the app's body failed after the
 * headers went out. The server must then abort the connection, and it logs
 * what it was thrown (SPEC [server.error-after-headers]); throwing the app's
 * error itself would put its stack in `tsgi.errors` a second time, after the
 * middleware's own line. This error is a one-line note instead: the app's
 * error in short, and the request id of the line that has its stack. The
 * app's error is its `cause`.
 */
export class ResponseAbortedError extends Error {
  override readonly name = "ResponseAbortedError";
  /** The request id of the log line (and onError call) that has the app's error. */
  readonly requestId: string;

  constructor(cause: unknown, requestId: string) {
    super(`aborted after the headers were sent by ${summary(cause)} (its stack is logged with request_id=${requestId})`, { cause });
    this.requestId = requestId;
    // The server prints the stack: one line, since the app's stack is already in the log.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** `instanceof`, but false instead of a TypeError for a revoked Proxy. */
  static is(value: unknown): value is ResponseAbortedError {
    try {
      return value instanceof ResponseAbortedError;
    } catch {
      return false;
    }
  }
}

/** `Error: cursor lost`, on one line and short, read without running the value's code. */
function summary(error: unknown): string {
  const message = safeGet(error, "message");
  const text = typeof message === "string" ? `${safeName(error) || "Error"}: ${message}` : `a thrown value, ${describeThrown(error)}`;
  return escapeControls(text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY)}…` : text);
}
