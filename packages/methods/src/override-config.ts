import { foldHeaderName, isToken } from "@tsgi/core";
import { checkOptions } from "./check-options.js";
import { methodTokens } from "./method-tokens.js";

export interface MethodOverrideOptions {
  /** Request methods that may be overridden. Safe methods (GET, HEAD, OPTIONS, TRACE, QUERY) are refused. @default ["POST"] */
  from?: Iterable<string>;
  /** Methods a request may be turned into. TRACE and CONNECT are refused. @default ["DELETE", "PATCH", "PUT"] */
  to?: Iterable<string>;
  /** Request header naming the method, or `false` for none. @default "X-HTTP-Method-Override" */
  header?: string | false;
  /** Query parameter naming the method, or `false` for none. @default false */
  query?: string | false;
  /** Field of an `application/x-www-form-urlencoded` body naming the method, or `false`. @default false */
  field?: string | false;
  /** The largest form body, in bytes, read to find `field`; a larger one is left alone. @default 65536 */
  limit?: number;
}

/** The options, checked and turned into what each request needs. */
export interface OverrideConfig {
  from: ReadonlySet<string>;
  /** Upper-cased target → its spelling in `to`. */
  to: ReadonlyMap<string, string>;
  header: { name: string; key: string } | null;
  query: string | null;
  field: string | null;
  limit: number;
}

const OPTION_NAMES = ["from", "to", "header", "query", "field", "limit"] as const;
const SAFE = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "QUERY"]);
const NEVER_TARGETS = new Set(["TRACE", "CONNECT"]);

export function overrideConfig(options: MethodOverrideOptions | undefined): OverrideConfig {
  const opts = checkOptions(options, OPTION_NAMES, "methodOverride()");
  const from = methodTokens(opts.from ?? ["POST"], "options.from");
  for (const method of from) {
    // A safe method must stay safe: a link or an image could otherwise delete.
    if (SAFE.has(method.toUpperCase())) throw new TypeError(`options.from: ${method} is a safe method and cannot be overridden`);
  }
  const to = new Map<string, string>();
  for (const method of methodTokens(opts.to ?? ["DELETE", "PATCH", "PUT"], "options.to")) {
    if (NEVER_TARGETS.has(method.toUpperCase())) throw new TypeError(`options.to: ${method} can never be an override target`);
    if (!to.has(method.toUpperCase())) to.set(method.toUpperCase(), method);
  }
  return {
    from: new Set(from),
    to,
    header: headerSource(opts.header === undefined ? "X-HTTP-Method-Override" : opts.header),
    query: nameOption(opts.query ?? false, "options.query"),
    field: nameOption(opts.field ?? false, "options.field"),
    limit: limitOption(opts.limit),
  };
}

function headerSource(value: unknown): OverrideConfig["header"] {
  const name = nameOption(value, "options.header");
  if (name === null) return null;
  const key = isToken(name) ? foldHeaderName(name) : null;
  if (key === null || !key.startsWith("HTTP_")) {
    throw new TypeError(`options.header: ${JSON.stringify(name)} is not a header name a request can carry (a token without "_")`);
  }
  return { name, key };
}

function nameOption(value: unknown, name: string): string | null {
  if (value === false) return null;
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} must be a non-empty string or false`);
  return value;
}

function limitOption(value: unknown): number {
  if (value === undefined) return 65_536;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`options.limit must be a non-negative integer number of bytes, got ${String(value)}`);
  }
  return value;
}
