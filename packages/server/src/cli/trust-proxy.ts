import proxyAddr from "proxy-addr";
import { usageError } from "./cli-error.js";

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
