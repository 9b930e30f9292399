import type { HeaderList } from "@tsgi/core";

/** Where the hints go: the response's writer, which drops them once the final head is out or the response is over. */
export interface HintSender {
  earlyHints(links: string[]): void;
}

/**
 * The `tsgi.early_hints` of one request (SPEC [environ.early-hints]): each
 * call sends a `103 Early Hints` with the list's Link fields at once, through
 * node's writeEarlyHints. Once the final response's headers are out, or the
 * client has gone, a call does nothing: a hint is an optimisation the
 * response must not depend on.
 */
export function earlyHintsFor(sender: HintSender): (headers: HeaderList) => void {
  return (headers) => {
    const links = linkValues(headers);
    if (links.length > 0) sender.earlyHints(links);
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
