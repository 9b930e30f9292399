import { isFieldValue, isHopByHop, isToken, type HeaderList } from "@tsgi/core";
import { PAGE_STYLE_HASH } from "./page-style.js";

// Headers of the app's started response that stay on its error page: a
// browser needs CORS headers to read the error at all (koa#309), and Vary
// still describes how the URL's responses vary.
const KEPT_FROM_APP = /^(?:access-control-.*|vary)$/i;
// Headers an error page always sets itself, or that describe another body.
const OWN_OR_CONTENT = new Set([
  "content-type", "content-length", "content-encoding", "content-range", "content-md5", "content-location",
  "etag", "last-modified", "x-content-type-options", "content-security-policy", "cache-control", "status",
]);
const MAX_ERROR_HEADERS = 64;

/** The security headers of every error page (`html`: the page's inline style is allowed by hash). */
export function securityHeaders(html: boolean): HeaderList {
  return [
    ["X-Content-Type-Options", "nosniff"],
    ["Content-Security-Policy", html ? `default-src 'none'; style-src ${PAGE_STYLE_HASH}` : "default-src 'none'"],
  ];
}

/** The app's CORS and Vary headers, from a response it started before failing. */
export function keptAppHeaders(started: HeaderList | undefined): HeaderList {
  if (started === undefined) return [];
  const kept: HeaderList = [];
  try {
    for (const [name, value] of started) {
      if (typeof name === "string" && typeof value === "string" && KEPT_FROM_APP.test(name) && isFieldValue(value)) {
        kept.push([name, value]);
      }
    }
  } catch {
    // A broken header list from the app only loses its headers.
  }
  return kept;
}

/**
 * `err.headers` (a list of pairs or a record, as http-errors has it) reduced
 * to what may go on the wire: valid names and values, no hop-by-hop fields,
 * no CR/LF, nothing that would contradict the error page's own headers.
 */
export function errorHeaders(headers: unknown): HeaderList {
  if (typeof headers !== "object" || headers === null) return [];
  const out: HeaderList = [];
  try {
    const pairs = Array.isArray(headers) ? (headers as unknown[]) : Object.entries(headers);
    for (const pair of pairs.slice(0, MAX_ERROR_HEADERS)) {
      if (!Array.isArray(pair) || pair.length !== 2) continue;
      const [name, value] = pair as [unknown, unknown];
      const text = typeof value === "number" ? String(value) : value;
      if (typeof name !== "string" || typeof text !== "string" || !isToken(name) || !isFieldValue(text)) continue;
      if (isHopByHop(name) || OWN_OR_CONTENT.has(name.toLowerCase())) continue;
      out.push([name, text.trim()]);
    }
  } catch {
    // Getters or Proxies in err.headers: the page goes out without them.
  }
  return out;
}
