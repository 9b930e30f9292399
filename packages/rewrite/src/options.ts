import type { Environ, HeaderList } from "@tsgi/core";

/**
 * Which responses to touch, on top of the rules no rewriter breaks (HEAD,
 * 1xx/204/304, 206/Content-Range and `Cache-Control: no-transform` are always
 * left alone). `status` is the numeric code.
 */
export type When = (status: number, headers: HeaderList, environ: Environ) => boolean;

/** Options every body rewriter takes. */
export interface BodyRewriteOptions {
  /** Which responses to rewrite. Default: all that the other rules allow. */
  when?: When;
  /**
   * Which media types (`type/subtype`, lower-case, no parameters) to rewrite.
   * Default: every type for `rewriteBody`, text types for `rewriteText`,
   * `text/html` and `application/xhtml+xml` for `rewriteHtml`.
   */
  types?: (mediaType: string) => boolean;
  /**
   * A gzip, deflate or br (zstd where node:zlib has it) body is decoded
   * before the rewrite; `true` re-encodes the result with the same coding,
   * `false` sends it without Content-Encoding (cheaper when `compress` sits
   * outside). Default: `true`.
   */
  recompress?: boolean;
}
