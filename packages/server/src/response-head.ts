import { isHopByHop, statusCode, type HeaderList } from "@tsgi/core";

/** A status and header list from startResponse, checked and flattened for `res.writeHead`. */
export interface ResponseHead {
  code: number;
  reason: string;
  /** `[name, value, name, value, …]` as `res.writeHead` takes it. */
  flat: string[];
  /** The app's Content-Length, or -1 when it gave none. */
  contentLength: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 field-value: visible characters, SP, HTAB and obs-text (0x80–0xFF); no CR, LF, NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const DIGITS = /^\d{1,15}$/;

// Apps use a handful of status strings and header names; checking them costs
// a regex or two each time, so known-good ones are remembered (bounded).
const ORDINARY = 0;
const CONTENT_LENGTH = 1;
const nameCache = new Map<string, number>();

function classifyName(name: unknown): number {
  if (typeof name !== "string") throw new TypeError(`invalid response header name ${String(name)}`);
  let kind = nameCache.get(name);
  if (kind !== undefined) return kind;
  if (!TOKEN.test(name)) throw new TypeError(`invalid response header name ${JSON.stringify(name)}`);
  const lower = name.toLowerCase();
  if (lower === "status") throw new TypeError("a Status header is not allowed (SPEC §5.3): pass the status to startResponse");
  if (isHopByHop(lower)) throw new TypeError(`hop-by-hop header ${name} is not allowed from an app (SPEC §5.3)`);
  kind = lower === "content-length" ? CONTENT_LENGTH : ORDINARY;
  if (nameCache.size < 1024) nameCache.set(name, kind);
  return kind;
}

const statusCache = new Map<string, { code: number; reason: string }>();

function parseStatus(status: unknown): { code: number; reason: string } {
  if (typeof status !== "string") throw new TypeError(`startResponse status must be a string, got ${typeof status}`);
  let parsed = statusCache.get(status);
  if (parsed !== undefined) return parsed;
  const code = statusCode(status);
  const reason = status.slice(4);
  if (!FIELD_VALUE.test(reason)) throw new TypeError(`invalid character in status ${JSON.stringify(status)}`);
  parsed = { code, reason };
  if (statusCache.size < 256) statusCache.set(status, parsed);
  return parsed;
}

/**
 * Checks what an app passed to startResponse (SPEC §5.3) and prepares it for
 * sending. Throws a TypeError naming the offending field, so the error
 * surfaces inside the app's call, as PEP 3333 recommends.
 */
export function parseResponseHead(status: unknown, headers: unknown): ResponseHead {
  const { code, reason } = parseStatus(status);
  if (!Array.isArray(headers)) throw new TypeError("startResponse headers must be an array of [name, value] pairs");
  const list = headers as HeaderList;
  const flat = new Array<string>(list.length * 2);
  let contentLength = -1;
  for (let i = 0; i < list.length; i++) {
    const header = list[i];
    if (!Array.isArray(header) || header.length !== 2) {
      throw new TypeError(`response header ${i} must be a [name, value] pair`);
    }
    const name = header[0] as string;
    const value: unknown = header[1];
    const kind = classifyName(name);
    if (typeof value !== "string" || !FIELD_VALUE.test(value)) {
      throw new TypeError(`invalid value for response header ${name}: ${JSON.stringify(value)}`);
    }
    if (kind === CONTENT_LENGTH) {
      if (!DIGITS.test(value)) throw new TypeError(`invalid Content-Length ${JSON.stringify(value)}`);
      const n = Number(value);
      if (contentLength !== -1 && contentLength !== n) throw new TypeError("conflicting Content-Length headers");
      contentLength = n;
    }
    flat[i * 2] = name;
    flat[i * 2 + 1] = value;
  }
  return { code, reason, flat, contentLength };
}
