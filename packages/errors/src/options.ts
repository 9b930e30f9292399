import { foldHeaderName, isToken, type Environ } from "@tsgi/core";
import type { FormatOption } from "./negotiate-format.js";

/** What `onError` learns about an error besides the error itself. */
export interface ErrorInfo {
  /** The status of the error page, or of the response that was aborted. */
  status: number;
  requestId: string;
  /** False: an error page was sent. True: the headers were out, so the response was aborted. */
  headersSent: boolean;
  /** Where the error came from: the app call, the body's iteration, or the body's close(). */
  phase: "app" | "body" | "close";
  /** The one log line written for it (also when `log` is false). */
  line: string;
}

/** Options of `errors(app, options)`. */
export interface ErrorsOptions {
  /** Development page with the error chain, source-mapped stacks and the environ. @default false */
  debug?: boolean;
  /** The body format: chosen from Accept, or always one. @default "negotiate" */
  format?: FormatOption;
  /** Called once per error, e.g. to report it; its own errors are caught and logged. */
  onError?: (error: unknown, environ: Environ, info: ErrorInfo) => void | Promise<void>;
  /** Request header holding the request id, and the response header it is echoed in. @default "X-Request-Id" */
  requestIdHeader?: string;
  /** Pages for empty-bodied 4xx/5xx responses of the app: every status, or a map of status to message. @default false */
  statusPages?: boolean | Readonly<Record<number, string>>;
  /** Bytes of unread request body read and discarded before an error page. @default 65536 */
  drainLimit?: number;
  /** Where the one line per error goes: `tsgi.errors` (true), nowhere, or your function. @default true */
  log?: boolean | ((line: string, environ: Environ) => void);
}

/** The options, checked once. */
export interface ResolvedOptions {
  debug: boolean;
  format: FormatOption;
  onError: ErrorsOptions["onError"];
  requestIdHeader: string;
  requestIdKey: string;
  statusPages: false | true | ReadonlyMap<number, string>;
  drainLimit: number;
  log: boolean | ((line: string, environ: Environ) => void);
}

const FORMATS = new Set(["negotiate", "json", "html", "text"]);

/** Checks the options once, throwing a TypeError that names the bad one. */
export function resolveOptions(options: ErrorsOptions): ResolvedOptions {
  const { debug = false, format = "negotiate", onError, requestIdHeader = "X-Request-Id" } = options;
  const { statusPages = false, drainLimit = 64 * 1024, log = true } = options;
  if (typeof debug !== "boolean") throw new TypeError(`errors: options.debug must be a boolean, got ${typeof debug}`);
  if (!FORMATS.has(format)) throw new TypeError(`errors: options.format must be "negotiate", "json", "html" or "text"`);
  if (onError !== undefined && typeof onError !== "function") throw new TypeError("errors: options.onError must be a function");
  if (typeof requestIdHeader !== "string" || !isToken(requestIdHeader)) {
    throw new TypeError("errors: options.requestIdHeader must be a header name");
  }
  if (!Number.isSafeInteger(drainLimit) || drainLimit < 0) {
    throw new TypeError("errors: options.drainLimit must be a non-negative integer (bytes)");
  }
  if (typeof log !== "boolean" && typeof log !== "function") throw new TypeError("errors: options.log must be a boolean or a function");
  const requestIdKey = foldHeaderName(requestIdHeader);
  if (requestIdKey === null) throw new TypeError("errors: options.requestIdHeader must not contain '_' (servers drop such request headers)");
  return { debug, format, onError, requestIdHeader, requestIdKey, statusPages: resolveStatusPages(statusPages), drainLimit, log };
}

function resolveStatusPages(value: unknown): ResolvedOptions["statusPages"] {
  if (typeof value === "boolean") return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("errors: options.statusPages must be true, false or a map of status to message");
  }
  const pages = new Map<number, string>();
  for (const [key, message] of Object.entries(value)) {
    const status = Number(key);
    if (!Number.isInteger(status) || status < 400 || status > 599 || typeof message !== "string") {
      throw new TypeError(`errors: options.statusPages[${key}] must map a 4xx/5xx status to a message string`);
    }
    pages.set(status, message);
  }
  return pages;
}
