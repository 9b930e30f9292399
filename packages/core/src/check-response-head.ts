import { isHopByHop } from "./hop-by-hop.js";
import { isFieldValue, isToken } from "./http-syntax.js";
import { statusCode } from "./status.js";
import type { HeaderList } from "./types.js";

/** What a server needs to know of a status and header list once they are checked. */
export interface ResponseHead {
  code: number;
  reason: string;
  /** The app's Content-Length, or -1 when it gave none. */
  contentLength: number;
}

const ORDINARY = 0;
const CONTENT_LENGTH = 1;
const DIGITS = /^\d{1,15}$/;

// Apps use a handful of status strings and header names; checking them costs
// a regex or two each time, so known-good ones are remembered (bounded, so
// hostile input cannot grow the caches).
const nameCache = new Map<string, number>();
const statusCache = new Map<string, { code: number; reason: string }>();

function classifyName(name: unknown): number {
  if (typeof name !== "string") throw new TypeError(`invalid response header name ${String(name)}`);
  let kind = nameCache.get(name);
  if (kind !== undefined) return kind;
  if (!isToken(name)) throw new TypeError(`invalid response header name ${JSON.stringify(name)}`);
  const lower = name.toLowerCase();
  if (lower === "status") throw new TypeError("a Status header is not allowed (SPEC §5.3): pass the status to startResponse");
  if (isHopByHop(lower)) throw new TypeError(`hop-by-hop header ${name} is not allowed from an app (SPEC §5.3)`);
  kind = lower === "content-length" ? CONTENT_LENGTH : ORDINARY;
  if (nameCache.size < 1024) nameCache.set(name, kind);
  return kind;
}

function parseStatus(status: unknown): { code: number; reason: string } {
  if (typeof status !== "string") throw new TypeError(`startResponse status must be a string, got ${typeof status}`);
  let parsed = statusCache.get(status);
  if (parsed !== undefined) return parsed;
  const code = statusCode(status);
  const reason = status.slice(4);
  if (!isFieldValue(reason)) throw new TypeError(`invalid character in status ${JSON.stringify(status)}`);
  parsed = { code, reason };
  if (statusCache.size < 256) statusCache.set(status, parsed);
  return parsed;
}

/**
 * The checks every server makes on what an app passes to startResponse
 * (SPEC §5.2, §5.3): status form and a final 2xx–5xx code, header pairs, token names, field values,
 * no Status or hop-by-hop header, one consistent Content-Length. Throws a
 * TypeError naming the offending field, so servers can raise it inside the
 * app's call as PEP 3333 recommends. Unlike `validate()` it checks only what
 * a server must refuse to send, and is cheap enough for every request.
 */
export function checkResponseHead(status: unknown, headers: unknown): ResponseHead {
  const { code, reason } = parseStatus(status);
  // An interim 1xx sent as the final answer would make the client take the
  // next response on the connection for this one (SPEC [status.final]).
  if (code < 200 || code > 599) {
    throw new TypeError(`status ${JSON.stringify(status)} cannot be a final response: the code must be from 200 to 599 (SPEC §5.2)`);
  }
  if (!Array.isArray(headers)) throw new TypeError("startResponse headers must be an array of [name, value] pairs");
  const list = headers as HeaderList;
  let contentLength = -1;
  for (let i = 0; i < list.length; i++) {
    const header = list[i];
    if (!Array.isArray(header) || header.length !== 2) {
      throw new TypeError(`response header ${i} must be a [name, value] pair`);
    }
    const name = header[0] as string;
    const value: unknown = header[1];
    const kind = classifyName(name);
    if (typeof value !== "string" || !isFieldValue(value)) {
      throw new TypeError(`invalid value for response header ${name}: ${JSON.stringify(value)}`);
    }
    if (kind === CONTENT_LENGTH) {
      if (!DIGITS.test(value)) throw new TypeError(`invalid Content-Length ${JSON.stringify(value)}`);
      const n = Number(value);
      // [headers.content-length]: once, as validate() says; a repeat is refused even when equal.
      if (contentLength !== -1) throw new TypeError("conflicting Content-Length headers: it must appear once");
      contentLength = n;
    }
  }
  return { code, reason, contentLength };
}
