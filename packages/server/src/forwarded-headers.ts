/** The forwarding headers a server can be told to believe from a trusted proxy. */
export const FORWARDED_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-prefix",
  "forwarded",
] as const;

export type ForwardedHeader = (typeof FORWARDED_HEADERS)[number];

/**
 * What gunicorn, uvicorn and werkzeug's ProxyFix believe by default: the
 * client's address and the scheme. A proxy that passes a client's own
 * `Forwarded` or `X-Forwarded-Host` through unchanged would otherwise let the
 * client choose HTTP_HOST, so those are believed only when named.
 */
export const DEFAULT_FORWARDED_HEADERS: readonly ForwardedHeader[] = ["x-forwarded-for", "x-forwarded-proto"];

const KNOWN = new Set<string>(FORWARDED_HEADERS);

export function isForwardedHeader(name: string): name is ForwardedHeader {
  return KNOWN.has(name);
}

/** Checks the `forwardedHeaders` option; names are case-insensitive. */
export function resolveForwardedHeaders(value: unknown): ReadonlySet<ForwardedHeader> {
  if (value === undefined) return new Set(DEFAULT_FORWARDED_HEADERS);
  if (!Array.isArray(value)) throw new TypeError("option forwardedHeaders must be an array of header names");
  const names = new Set<ForwardedHeader>();
  for (const item of value as unknown[]) {
    const name = typeof item === "string" ? item.toLowerCase() : "";
    if (!isForwardedHeader(name)) {
      throw new TypeError(`option forwardedHeaders: unknown header ${JSON.stringify(item)}; known: ${FORWARDED_HEADERS.join(", ")}`);
    }
    names.add(name);
  }
  return names;
}
