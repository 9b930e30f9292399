/** One entry of a q-value list such as `gzip;q=0.8`. */
export interface QualityValue {
  /** The token, lower-cased (`gzip`, `*`). */
  value: string;
  /** The weight, 0–1 (default 1). */
  q: number;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Parses a header of comma-separated tokens with optional `;q=` weights
 * (Accept-Encoding, TE, Accept-Charset; RFC 9110 §12.4.2), in header order.
 * Malformed members are skipped, as a lenient server must; other parameters
 * are ignored. `undefined` or `''` gives `[]`.
 */
export function parseQualityValues(header: string | undefined): QualityValue[] {
  if (header === undefined) return [];
  const out: QualityValue[] = [];
  for (const member of header.split(",")) {
    const [rawName, ...params] = member.split(";");
    const value = rawName!.trim().toLowerCase();
    if (!TOKEN.test(value)) continue;
    let q = 1;
    let valid = true;
    for (const param of params) {
      const [key, raw] = param.split("=").map((s) => s.trim());
      if (key?.toLowerCase() !== "q") continue;
      if (raw === undefined || !QVALUE.test(raw)) valid = false;
      else q = Number(raw);
    }
    if (valid) out.push({ value, q });
  }
  return out;
}

/**
 * Picks the content coding to use from `available` (in the server's order of
 * preference, e.g. `["br", "gzip"]`) for an `Accept-Encoding` header
 * (RFC 9110 §12.5.3): the acceptable one with the highest q, ties going to
 * the server's order. Returns `"identity"` when none is wanted but an
 * unencoded body is acceptable (also when the header is absent), and
 * `undefined` when nothing is acceptable, not even identity (`identity;q=0`,
 * or `*;q=0` without identity): the caller answers 406 or sends identity
 * anyway, as most servers do. The result has the type of `available`'s
 * elements, so `["br", "gzip"] as const` gives `"br" | "gzip" | "identity"`.
 */
export function chooseEncoding<T extends string>(header: string | undefined, available: readonly T[]): T | "identity" | undefined {
  if (header === undefined) return "identity";
  const list = parseQualityValues(header);
  const weight = (coding: string): number | undefined =>
    list.find((e) => e.value === coding)?.q ?? list.find((e) => e.value === "*")?.q;
  let best: T | undefined;
  let bestQ = 0;
  for (const coding of available) {
    const q = weight(coding.toLowerCase());
    if (q !== undefined && q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  if (best !== undefined) return best;
  // identity is acceptable unless excluded by name or by `*;q=0` (RFC 9110 §12.5.3).
  const identity = list.find((e) => e.value === "identity")?.q ?? list.find((e) => e.value === "*")?.q;
  return identity === 0 ? undefined : "identity";
}
