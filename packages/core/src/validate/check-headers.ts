import { statusHasNoBody } from "../status.js";
import { isHopByHop } from "../hop-by-hop.js";
import { describeValue } from "../describe-value.js";
import { hasControlChar, isLatin1, isToken } from "../http-syntax.js";
import type { Reporter } from "./reporter.js";

/** What the validator needs to remember about a valid header list. */
export interface HeaderFacts {
  contentLength: number | undefined;
  hasContentType: boolean;
}

/**
 * Checks the headers an app passes to startResponse against SPEC.md §5.3,
 * given the status code (undefined if the status was unusable).
 */
export function checkHeaders(headers: unknown, code: number | undefined, r: Reporter): HeaderFacts {
  const facts: HeaderFacts = { contentLength: undefined, hasContentType: false };
  if (!Array.isArray(headers)) {
    r.failIntoApp("headers.type", `headers must be an Array of [name, value] pairs, got ${describeValue(headers)}`);
    return facts;
  }
  if (!Object.isExtensible(headers) || Object.isFrozen(headers)) {
    // The server may add Date or Server to the list it is given (§5.1).
    r.failIntoApp("headers.type", "headers must be an Array the server can change, not a frozen or sealed one");
  }
  let lengths = 0;
  for (let i = 0; i < headers.length; i++) {
    const pair: unknown = headers[i];
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
      r.failIntoApp("headers.pair", `headers[${i}] must be [name, value] with two strings, got ${describeValue(pair)}`);
      continue;
    }
    const [name, value] = pair as [string, string];
    if (!isToken(name)) r.failIntoApp("headers.name", `header name ${describeValue(name)} is not an RFC 9110 token`);
    if (hasControlChar(value)) r.failIntoApp("headers.value", `header ${name} has a control character in its value: ${describeValue(value)}`);
    if (!isLatin1(value)) r.failIntoApp("headers.latin1", `header ${name} has characters above U+00FF: ${describeValue(value)}`);
    const lower = name.toLowerCase();
    if (lower === "status") r.failIntoApp("headers.status", "there must be no Status header: the status goes in the status argument");
    else if (isHopByHop(lower)) r.failIntoApp("headers.hop-by-hop", `${name} is a hop-by-hop header: the server owns the connection`);
    else if (lower === "content-type") facts.hasContentType = true;
    else if (lower === "content-length") {
      lengths++;
      if (!/^\d+$/.test(value) || lengths > 1) {
        r.failIntoApp("headers.content-length", `Content-Length must appear once, as decimal digits, got ${describeValue(value)}`);
      } else {
        facts.contentLength = Number(value);
      }
    }
  }
  if (code !== undefined && statusHasNoBody(code) && facts.hasContentType) {
    r.failIntoApp("headers.no-content-type", `a ${code} response must not have Content-Type`);
  }
  if (code !== undefined && (code < 200 || code === 204) && lengths > 0) {
    r.failIntoApp("headers.no-content-length", `a ${code} response must not have Content-Length`);
  }
  return facts;
}
