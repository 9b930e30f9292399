import { describeThrown, safeName, stackOf } from "./describe-thrown.js";
import { safeGet } from "./read-error.js";

/** One error of a chain, before its stack is parsed. */
export interface RawLink {
  relation: string;
  depth: number;
  name: string;
  message: string;
  stack: string;
}

const MAX_LINKS = 32;
const MAX_DEPTH = 8;

/**
 * The thrown value followed by its `cause`s and the `errors` of an
 * AggregateError, depth first. Cycles (an error that is its own cause) and
 * huge aggregates are cut, so any value gives a short, finite chain.
 */
export function errorChain(error: unknown): RawLink[] {
  const links: RawLink[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, relation: string, depth: number): void => {
    if (links.length >= MAX_LINKS || depth > MAX_DEPTH) return;
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    links.push(describeLink(value, relation, depth));
    const errors = safeGet(value, "errors");
    if (Array.isArray(errors)) errors.slice(0, MAX_LINKS).forEach((inner, i) => visit(inner, `errors[${i}]`, depth + 1));
    const cause = safeGet(value, "cause");
    if (cause !== undefined) visit(cause, "cause", depth + 1);
  };
  visit(error, "", 0);
  return links;
}

function describeLink(value: unknown, relation: string, depth: number): RawLink {
  const message = safeGet(value, "message");
  const isErrorLike = typeof message === "string";
  return {
    relation,
    depth,
    name: isErrorLike ? safeName(value) || "Error" : "thrown value",
    message: isErrorLike ? (message as string) : describeThrown(value),
    stack: isErrorLike ? stackOf(value) : "",
  };
}
