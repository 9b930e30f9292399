import type { Environ } from "@tsgi/core";

/** One proxy hop: what a proxy saw of the request it forwarded. */
interface Hop {
  for?: string;
  proto?: string;
  host?: string;
}

const HOST = /^[A-Za-z0-9.\-:[\]_~%!$&'()*+,;=]+$/;

/**
 * Applies forwarding headers when `trust` vouches for the peer, walking the
 * proxy chain from the nearest hop outwards and stopping at the first
 * address it does not trust (as proxy-addr and werkzeug's ProxyFix do), so a
 * client cannot spoof its address by sending the headers itself.
 * RFC 7239 `Forwarded` wins over the `X-Forwarded-*` family when both are present.
 */
export function applyForwarded(environ: Environ, peer: string | undefined, trust: (addr: string) => boolean): void {
  if (peer === undefined || !trust(peer)) return;
  const forwarded = environ.HTTP_FORWARDED;
  const hops = forwarded !== undefined ? parseForwarded(forwarded) : xForwardedHops(environ);
  if (hops.length === 0) return;
  let addr = peer;
  let port: string | undefined;
  let proto: string | undefined;
  let host: string | undefined;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (hop.proto !== undefined) proto = hop.proto;
    if (hop.host !== undefined) host = hop.host;
    if (hop.for === undefined) break;
    ({ addr, port } = splitNode(hop.for));
    if (!trust(addr)) break;
  }
  if (addr !== peer) {
    environ.REMOTE_ADDR = addr;
    if (port !== undefined) environ.REMOTE_PORT = port;
    else delete environ.REMOTE_PORT;
  }
  if (proto !== undefined) {
    const scheme = proto.toLowerCase();
    if (scheme === "http" || scheme === "https") environ["tsgi.url_scheme"] = scheme;
  }
  if (host !== undefined && HOST.test(host)) environ.HTTP_HOST = host;
}

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** X-Forwarded-For/-Proto/-Host, aligned from the right: each proxy appends its own entry. */
function xForwardedHops(environ: Environ): Hop[] {
  const fors = list(environ.HTTP_X_FORWARDED_FOR);
  const protos = list(environ.HTTP_X_FORWARDED_PROTO);
  const hosts = list(environ.HTTP_X_FORWARDED_HOST);
  const n = Math.max(fors.length, protos.length, hosts.length);
  const hops: Hop[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const hop: Hop = {};
    const f = fors[fors.length - 1 - k];
    const p = protos[protos.length - 1 - k];
    const h = hosts[hosts.length - 1 - k];
    if (f !== undefined) hop.for = f;
    if (p !== undefined) hop.proto = p;
    if (h !== undefined) hop.host = h;
    hops.push(hop);
  }
  return hops;
}

/** RFC 7239 §4: `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`. Unparseable input gives no hops. */
export function parseForwarded(header: string): Hop[] {
  const hops: Hop[] = [];
  let hop: Hop = {};
  let i = 0;
  const n = header.length;
  const skipSpace = (): void => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  while (i < n) {
    skipSpace();
    const eq = header.indexOf("=", i);
    if (eq === -1) return [];
    const key = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value = "";
    if (header[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) return [];
        const c = header[i++]!;
        if (c === '"') break;
        if (c === "\\") {
          if (i >= n) return [];
          value += header[i++]!;
        } else value += c;
      }
    } else {
      const start = i;
      while (i < n && header[i] !== ";" && header[i] !== ",") i++;
      value = header.slice(start, i).trim();
    }
    if (key === "for" || key === "proto" || key === "host") hop[key] = value;
    skipSpace();
    if (i < n && header[i] === ",") {
      hops.push(hop);
      hop = {};
    } else if (i < n && header[i] !== ";") return [];
    i++;
  }
  hops.push(hop);
  return hops;
}

/** `192.0.2.1:80` → addr and port; `[2001:db8::1]:80` → brackets dropped; bare IPv6 stays whole. */
function splitNode(node: string): { addr: string; port: string | undefined } {
  if (node.startsWith("[")) {
    const close = node.indexOf("]");
    const port = node.slice(close + 2);
    return { addr: node.slice(1, close === -1 ? undefined : close), port: /^\d+$/.test(port) ? port : undefined };
  }
  const colon = node.indexOf(":");
  if (colon !== -1 && colon === node.lastIndexOf(":")) {
    const port = node.slice(colon + 1);
    return { addr: node.slice(0, colon), port: /^\d+$/.test(port) ? port : undefined };
  }
  return { addr: node, port: undefined };
}
