import { isIP } from "node:net";
import { decodePathLatin1, isHostField, type Environ } from "@tsgi/core";
import type { ForwardedHeader } from "./forwarded-headers.js";
import { parseForwarded, type Hop } from "./parse-forwarded.js";

/** What the server believes of forwarding headers, from `trustProxy` and `forwardedHeaders`. */
export interface ForwardPolicy {
  trust: (addr: string) => boolean;
  headers: ReadonlySet<ForwardedHeader>;
  /** Told about a forwarded value that was ignored as malformed (the server logs the first one). */
  onInvalid: (header: string, value: string) => void;
}

/** What the trusted part of the chain said. */
interface Believed extends Omit<Hop, "for"> {
  addr: string;
  remotePort: string | undefined;
}

/**
 * Applies the enabled forwarding headers when the peer is trusted, walking
 * the proxy chain from the nearest hop outwards and stopping at the first
 * address it does not trust or cannot parse as an IP (as proxy-addr and
 * werkzeug's ProxyFix do), so a client cannot spoof its address by sending
 * the headers itself. With `forwarded` enabled and present, RFC 7239
 * `Forwarded` is read instead of the `X-Forwarded-*` family.
 */
export function applyForwarded(environ: Environ, peer: string | undefined, policy: ForwardPolicy): void {
  if (peer === undefined || !policy.trust(peer)) return;
  const useForwarded = policy.headers.has("forwarded") && environ.HTTP_FORWARDED !== undefined;
  const hops = useForwarded ? parseForwarded(environ.HTTP_FORWARDED!) : xForwardedHops(environ, policy.headers);
  if (hops.length === 0) return;
  const believed = walk(hops, peer, policy, useForwarded ? "Forwarded" : "X-Forwarded-For");
  if (believed.addr !== peer) {
    environ.REMOTE_ADDR = believed.addr;
    if (believed.remotePort !== undefined) environ.REMOTE_PORT = believed.remotePort;
    else delete environ.REMOTE_PORT;
  }
  applyScheme(environ, believed.proto);
  applyHost(environ, believed, policy);
  applyPrefix(environ, believed.prefix, policy);
}

function walk(hops: Hop[], peer: string, policy: ForwardPolicy, forHeader: string): Believed {
  const believed: Believed = { addr: peer, remotePort: undefined };
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // This hop was written by a proxy already trusted, so what it says about the request is believed.
    if (hop.proto !== undefined) believed.proto = hop.proto;
    if (hop.host !== undefined) believed.host = hop.host;
    if (hop.port !== undefined) believed.port = hop.port;
    if (hop.prefix !== undefined) believed.prefix = hop.prefix;
    if (hop.for === undefined) break;
    const node = parseNode(hop.for);
    if (node === undefined) {
      policy.onInvalid(forHeader, hop.for);
      break;
    }
    believed.addr = node.addr;
    believed.remotePort = node.port;
    if (!policy.trust(node.addr)) break;
  }
  return believed;
}

function applyScheme(environ: Environ, proto: string | undefined): void {
  if (proto === undefined) return;
  const scheme = proto.toLowerCase();
  if (scheme === "http" || scheme === "https") environ["tsgi.url_scheme"] = scheme;
}

/** X-Forwarded-Host replaces HTTP_HOST; X-Forwarded-Port replaces its port and SERVER_PORT (as ProxyFix). */
function applyHost(environ: Environ, believed: Believed, policy: ForwardPolicy): void {
  if (believed.host !== undefined) {
    if (believed.host !== "" && isHostField(believed.host)) environ.HTTP_HOST = believed.host;
    else policy.onInvalid("X-Forwarded-Host", believed.host);
  }
  const port = believed.port;
  if (port === undefined) return;
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535 || Number(port) === 0) {
    policy.onInvalid("X-Forwarded-Port", port);
    return;
  }
  environ.SERVER_PORT = String(Number(port));
  const host = environ.HTTP_HOST;
  if (host !== undefined && host !== "") environ.HTTP_HOST = `${host.replace(/:\d*$/, "")}:${environ.SERVER_PORT}`;
}

/** X-Forwarded-Prefix: the path the proxy mounted the app at, so links the app builds include it. */
function applyPrefix(environ: Environ, prefix: string | undefined, policy: ForwardPolicy): void {
  if (prefix === undefined || environ.PATH_INFO === "*") return;
  const decoded = /^\/[^?#\s]*$/.test(prefix) ? decodePathLatin1(prefix) : undefined;
  if (decoded === undefined) {
    policy.onInvalid("X-Forwarded-Prefix", prefix);
    return;
  }
  const scriptName = decoded.replace(/\/+$/, "");
  if (scriptName !== "") environ.SCRIPT_NAME = scriptName + environ.SCRIPT_NAME;
}

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

const X_HEADERS = [
  ["x-forwarded-for", "HTTP_X_FORWARDED_FOR", "for"],
  ["x-forwarded-proto", "HTTP_X_FORWARDED_PROTO", "proto"],
  ["x-forwarded-host", "HTTP_X_FORWARDED_HOST", "host"],
  ["x-forwarded-port", "HTTP_X_FORWARDED_PORT", "port"],
  ["x-forwarded-prefix", "HTTP_X_FORWARDED_PREFIX", "prefix"],
] as const;

/** The enabled X-Forwarded-* lists, aligned from the right: each proxy appends its own entry. */
function xForwardedHops(environ: Environ, enabled: ReadonlySet<ForwardedHeader>): Hop[] {
  const lists = X_HEADERS.filter(([name]) => enabled.has(name)).map(([, key, field]) => [field, list(environ[key])] as const);
  const n = Math.max(0, ...lists.map(([, values]) => values.length));
  const hops: Hop[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const hop: Hop = {};
    for (const [field, values] of lists) {
      const value = values[values.length - 1 - k];
      if (value !== undefined) hop[field] = value;
    }
    hops.push(hop);
  }
  return hops;
}

/**
 * `192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]:80` or a bare IPv6 address →
 * the address and port; undefined for anything that is not an IP address
 * (RFC 7239's `unknown` and `_hidden` names, or a forged log line).
 */
function parseNode(node: string): { addr: string; port: string | undefined } | undefined {
  let addr = node;
  let port: string | undefined;
  if (node.startsWith("[")) {
    const close = node.indexOf("]");
    if (close === -1) return undefined;
    addr = node.slice(1, close);
    const rest = node.slice(close + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return undefined;
    if (rest !== "") port = rest.slice(1);
    return isIP(addr) === 6 ? { addr, port } : undefined;
  }
  const colon = node.indexOf(":");
  if (colon !== -1 && colon === node.lastIndexOf(":")) {
    addr = node.slice(0, colon);
    const p = node.slice(colon + 1);
    if (!/^\d{1,5}$/.test(p)) return undefined;
    port = p;
  }
  return isIP(addr) !== 0 ? { addr, port } : undefined;
}
