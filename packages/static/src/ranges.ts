import rangeParser from "range-parser";

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
}

export type RangePlan =
  | { kind: "full" }
  | { kind: "partial"; ranges: ByteRange[] }
  | { kind: "unsatisfiable" };

/** More ranges than this in one request and the whole file is sent instead. */
export const MAX_RANGES = 50;
/** About the bytes of one part's boundary and headers: ranges smaller than this on average are "small". */
const PART_OVERHEAD = 80;

/**
 * Turns a Range header into what to send, with the DoS caps RFC 9110 §14.2
 * allows: an invalid header, a unit other than bytes, more than MAX_RANGES
 * ranges, overlapping ranges, descending ranges (with more than two), many
 * small ranges (more than two, averaging under PART_OVERHEAD bytes, so the
 * part headers would outweigh the data), or ranges adding up to more than
 * the file are answered with the whole file.
 */
export function planRanges(header: string | undefined, size: number): RangePlan {
  if (header === undefined) return { kind: "full" };
  if (hasInvalidSpec(header)) return { kind: "full" };
  const parsed = rangeParser(size, clampSuffixes(header, size));
  if (parsed === -2) return { kind: "full" };
  if (parsed === -1) return { kind: "unsatisfiable" };
  if (parsed.type !== "bytes") return { kind: "full" };
  const ranges = parsed.map(({ start, end }) => ({ start, end }));
  if (ranges.length === 1) return { kind: "partial", ranges };
  if (ranges.length > MAX_RANGES || !acceptable(ranges, size)) return { kind: "full" };
  return { kind: "partial", ranges };
}

/** `5-2` (last before first) makes the header invalid; RFC 9110 §14.2 lets us ignore it. */
function hasInvalidSpec(header: string): boolean {
  for (const m of header.matchAll(/(\d+)\s*-\s*(\d+)/g)) if (Number(m[1]) > Number(m[2])) return true;
  return false;
}

/**
 * range-parser drops a suffix longer than the file (`bytes=-100` of 20
 * bytes); RFC 9110 §14.1.3 says it means the whole file.
 */
function clampSuffixes(header: string, size: number): string {
  return header.replace(/(^[^=]*=|,)\s*-\s*(\d+)/g, (match, sep: string, n: string) =>
    size > 0 && Number(n) >= size ? `${sep}0-` : match,
  );
}

function acceptable(ranges: ByteRange[], size: number): boolean {
  let total = 0;
  let descending = false;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 0; i < ranges.length; i++) {
    total += ranges[i]!.end - ranges[i]!.start + 1;
    if (i > 0 && sorted[i]!.start <= sorted[i - 1]!.end) return false;
    if (i > 0 && ranges[i]!.start < ranges[i - 1]!.start) descending = true;
  }
  if (ranges.length > 2 && (descending || total < ranges.length * PART_OVERHEAD)) return false;
  return total <= size;
}
