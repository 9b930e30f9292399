import type { OutgoingHttpHeaders } from "node:http2";

/**
 * Pseudo-headers never reach HTTP_* (SPEC [environ.http-keys]); `:authority`
 * gives HTTP_HOST and wins over a `Host` field naming the same authority,
 * which is dropped (SPEC [server.http2]), and cookie fields, which HTTP/2 may
 * split, are joined with "; " (RFC 9113 §8.2.3).
 */
export function plainHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  let authority: string | undefined;
  const hosts: string[] = [];
  const cookies: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    if (name.startsWith(":")) {
      if (name === ":authority") authority = value;
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === "cookie") cookies.push(value);
    else if (lower === "host") hosts.push(value);
    else out.push(name, value);
  }
  out.unshift(...hostFields(authority, hosts));
  if (cookies.length > 0) out.push("cookie", cookies.join("; "));
  return out;
}

/**
 * RFC 9113 §8.3.1: a `Host` naming another authority than `:authority` makes
 * the request malformed. It is kept beside `:authority` as a second Host field,
 * so buildEnviron answers it 400 as it does a repeated Host on HTTP/1.1.
 */
function hostFields(authority: string | undefined, hosts: string[]): string[] {
  if (authority === undefined) return hosts.flatMap((host) => ["host", host]);
  const other = hosts.find((host) => host.toLowerCase() !== authority.toLowerCase());
  return other === undefined ? ["host", authority] : ["host", authority, "host", other];
}

/**
 * The flat `[name, value, …]` list the server writes for HTTP/1.1 as the
 * header object `stream.respond()` takes: names lower-cased, a repeated name's
 * values gathered in an array (node refuses a repeated single-value field, as
 * it would from the compat API), and Connection dropped, being forbidden in
 * HTTP/2 (RFC 9113 §8.2.2; node would throw).
 */
export function responseHeaders(code: number, flat: readonly string[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = Object.create(null) as OutgoingHttpHeaders;
  headers[":status"] = code;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i]!.toLowerCase();
    if (name === "connection") continue;
    const value = flat[i + 1]!;
    const earlier = headers[name];
    if (earlier === undefined) headers[name] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else headers[name] = [earlier as string, value];
  }
  return headers;
}
