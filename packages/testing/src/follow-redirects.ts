import type { TestResponse } from "./test-response.js";

/** Where a redirect leads, and whether the request keeps its method and body. */
export interface RedirectHop {
  method: string;
  /** The absolute URL to request next. */
  url: string;
  keepBody: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The next request after a redirect, or undefined when the response is not
 * one to follow: not a redirect, no Location, or a different host (the app
 * under test cannot answer for another site, so the redirect is returned).
 * 307 and 308 keep the method and body; 301, 302 and 303 become GET without
 * a body (HEAD stays HEAD), as browsers do.
 */
export function redirectHop(status: number, location: string | undefined, method: string, from: URL): RedirectHop | undefined {
  if (!REDIRECTS.has(status) || location === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    throw new TypeError(`the app redirected to an invalid Location: ${JSON.stringify(location)}`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.host !== from.host) return undefined;
  url.hash = "";
  if (status === 307 || status === 308) return { method, url: url.href, keepBody: true };
  return { method: method === "HEAD" ? "HEAD" : "GET", url: url.href, keepBody: false };
}

/** Thrown when a request is redirected more times than `maxRedirects` allows. */
export class TooManyRedirectsError extends Error {
  override name = "TooManyRedirectsError";
  /** Every redirect response received, oldest first. */
  readonly redirects: readonly TestResponse[];

  constructor(redirects: readonly TestResponse[], max: number) {
    const chain = redirects.map((r) => `${r.statusLine} ${r.url} → ${r.headers.get("location") ?? ""}`).join("\n  ");
    super(`more than ${max} redirects:\n  ${chain}`);
    this.redirects = redirects;
  }
}
