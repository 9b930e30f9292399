import { methodTokens } from "./method-tokens.js";

/**
 * The methods a server is expected to recognise: RFC 9110's eight in the
 * order §9.3 defines them, PATCH (RFC 5789) and QUERY (the safe method with
 * a body); `Allow` lists them in this order. Any other valid token
 * that a table does not serve is answered `501 Not Implemented` (RFC 9110
 * §9.1 and §15.6.2), unless `known` says otherwise.
 */
export const DEFAULT_KNOWN_METHODS: readonly string[] = Object.freeze([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
  "QUERY",
]);

/** A list of method tokens, or a predicate deciding per method token. */
export type KnownMethods = Iterable<string> | ((method: string) => boolean);

/** Turns the `known` option into a predicate, checking a list once, here. */
export function knownPredicate(known: KnownMethods, served: ReadonlySet<string>): (method: string) => boolean {
  if (typeof known === "function") return (method) => served.has(method) || known(method) === true;
  const set = new Set<string>(served);
  for (const method of methodTokens(known, "options.known")) set.add(method);
  return (method) => set.has(method);
}
