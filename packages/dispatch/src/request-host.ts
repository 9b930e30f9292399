import type { Environ } from "@tsgi/core";

/** The host a request was addressed to, as host keys compare it. */
export interface RequestHost {
  /** Lower-case labels; an IPv6 literal is one label `[::1]`. */
  labels: string[];
  /** The port, the scheme's default when the Host field has none. */
  port: string;
}

/**
 * Reads the request's host from `HTTP_HOST`, then `SERVER_NAME` and
 * `SERVER_PORT` (an HTTP/1.0 request may have no Host), as Rack::URLMap and
 * PEP 3333's URL reconstruction do. A trailing dot (`example.com.`) names the
 * same host, so it is dropped.
 */
export function requestHost(environ: Environ): RequestHost {
  const host = environ.HTTP_HOST;
  if (host) return split(host.toLowerCase(), defaultPort(environ));
  return split(environ.SERVER_NAME.toLowerCase(), environ.SERVER_PORT);
}

function defaultPort(environ: Environ): string {
  return environ["tsgi.url_scheme"] === "https" ? "443" : "80";
}

function split(text: string, fallbackPort: string): RequestHost {
  let name = text;
  let port = fallbackPort;
  const close = text.startsWith("[") ? text.indexOf("]") : -1;
  const colon = text.indexOf(":", close + 1);
  if (colon !== -1) {
    name = text.slice(0, colon);
    const digits = text.slice(colon + 1);
    // `Host: example.com:` has an empty port, which means the default one (RFC 3986 §3.2.3).
    if (digits !== "") port = String(Number(digits));
  }
  if (name.endsWith(".")) name = name.slice(0, -1);
  return { labels: close === -1 ? name.split(".") : [name], port };
}
