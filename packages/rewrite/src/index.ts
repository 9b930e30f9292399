export { compress, type CompressOptions } from "./compress.js";
export type { Encoding } from "./content-coding.js";
export type { ByteTransform, ChunkGenerator } from "./generator-stage.js";
export type { HtmlHandlers } from "./html-stage.js";
export type { BodyRewriteOptions, When } from "./options.js";
export { rewriteBody } from "./rewrite-body.js";
export { rewriteHeaders, type HeaderEdit, type HeaderRules } from "./rewrite-headers.js";
export { rewriteHtml, type RewriteHtmlOptions } from "./rewrite-html.js";
export { rewriteText, type RewriteTextOptions } from "./rewrite-text.js";
export type { Replacement, ReplacePair } from "./stream-replace.js";
export { RewriteLimitError, type TextEdits } from "./text-stage.js";
export type {
  Comment,
  ContentTypeOptions,
  Doctype,
  DocumentEnd,
  DocumentHandlers,
  Element,
  ElementHandlers,
  EndTag,
  TextChunk,
} from "html-rewriter-wasm";
