import { deleteHeader, getAllHeaders, type HeaderList } from "@tsgi/core";
import { canDecode, encoderStage, normalizeCoding, type CodingOptions } from "./content-coding.js";
import type { Stage } from "./stage.js";

export const DEFAULT_CODING: CodingOptions = { gzipLevel: 6, brotliQuality: 4, zstdLevel: 3 };

/** How to get at the plain bytes of a possibly encoded body, and back. */
export interface CodingPlan {
  /** The coding the upstream body must be decoded from before the rewrite, if any. */
  decode: string | undefined;
  /** Builds the stages after the rewriter's own: the re-encoder, when there is one. */
  wrap(inner: Stage[]): Stage[];
  /** Header edit: drops Content-Encoding when the body goes out decoded. */
  editHeaders(headers: HeaderList): void;
}

/**
 * For a rewriter that must see plain bytes: decodes a gzip, deflate, br (or,
 * where node:zlib has it, zstd) body and re-encodes the result with the same
 * coding, or, with `recompress: false`, sends it without Content-Encoding.
 * Returns undefined for what cannot be decoded (an unknown coding, or several
 * stacked), which the rewriter then leaves alone: a body is never sent with a
 * Content-Encoding that does not describe it.
 */
export function planCoding(headers: HeaderList, recompress: boolean): CodingPlan | undefined {
  const codings = getAllHeaders(headers, "Content-Encoding")
    .flatMap((value) => value.split(","))
    .map(normalizeCoding)
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return { decode: undefined, wrap: (inner) => inner, editHeaders: () => {} };
  const coding = codings[0]!;
  if (codings.length > 1 || !canDecode(coding)) return undefined;
  return {
    decode: coding,
    wrap: (inner) => (recompress ? [...inner, encoderStage(coding, DEFAULT_CODING, true)] : inner),
    editHeaders: (h) => {
      if (!recompress) deleteHeader(h, "Content-Encoding");
    },
  };
}
