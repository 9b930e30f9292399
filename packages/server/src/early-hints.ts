import type { HeaderList } from "@tsgi/core";
import type { Exchange } from "./exchange.js";

/**
 * The `tsgi.early_hints` of one request (SPEC [environ.early-hints]): each
 * call sends a `103 Early Hints` with the list's Link fields at once, through
 * node's writeEarlyHints. Once the final response's headers are out, or the
 * client has gone, a call does nothing: a hint is an optimisation the
 * response must not depend on.
 */
export function earlyHintsFor(exchange: Exchange): (headers: HeaderList) => void {
  return (headers) => {
    const links = linkValues(headers);
    const res = exchange.res;
    if (links.length === 0 || exchange.headersSent || exchange.stopped || res.headersSent || res.destroyed) return;
    res.writeEarlyHints({ link: links });
  };
}

/** The values of the Link fields; other fields are not sent in a 103 (the validator reports them). */
function linkValues(headers: HeaderList): string[] {
  if (!Array.isArray(headers)) throw new TypeError("tsgi.early_hints takes a header list: [name, value][]");
  const links: string[] = [];
  for (const header of headers) {
    if (!Array.isArray(header) || typeof header[0] !== "string" || typeof header[1] !== "string") {
      throw new TypeError("tsgi.early_hints takes a header list: [name, value][]");
    }
    if (header[0].toLowerCase() === "link") links.push(header[1]);
  }
  return links;
}
