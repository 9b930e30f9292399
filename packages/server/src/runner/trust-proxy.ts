import proxyAddr from "proxy-addr";
import { FORWARDED_HEADERS, isForwardedHeader, type ForwardedHeader } from "../forwarded-headers.js";
import { usageError } from "../cli/cli-error.js";

/**
 * `--forwarded-allow-ips`: a comma-separated list of addresses, CIDR ranges
 * or proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`); `*` trusts
 * every peer (only behind a proxy that strips the headers itself).
 */
export function compileTrust(list: string): (addr: string) => boolean {
  const entries = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (entries.includes("*")) return () => true;
  try {
    const trust = proxyAddr.compile(entries);
    return (addr) => trust(addr, 0);
  } catch (error) {
    throw usageError(`--forwarded-allow-ips: ${(error as Error).message}, got "${list}"`);
  }
}

/** `--forwarded-headers x-forwarded-for,X-Forwarded-Host` (or a list of names): the names, lower-cased and checked. */
export function parseForwardedHeaders(given: string | readonly string[]): ForwardedHeader[] {
  const list = typeof given === "string" ? given : given.join(",");
  const names = list.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  for (const name of names) {
    if (!isForwardedHeader(name)) throw usageError(`--forwarded-headers: unknown header "${name}"; known: ${FORWARDED_HEADERS.join(", ")}`);
  }
  if (names.length === 0) throw usageError(`--forwarded-headers needs at least one header name, got "${list}"`);
  return [...new Set(names)] as ForwardedHeader[];
}
