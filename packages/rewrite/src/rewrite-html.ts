import type { App } from "@tsgi/core";
import type { DocumentHandlers } from "html-rewriter-wasm";
import { decoderFor, relabelUtf8 } from "./charset.js";
import { decideBody } from "./decide-body.js";
import { htmlStage, type HtmlHandlers } from "./html-stage.js";
import { isHtmlType } from "./media-type.js";
import type { BodyRewriteOptions } from "./options.js";
import { rewriteResponse } from "./rewrite-response.js";
import type { Stage } from "./stage.js";
import { textStage } from "./text-stage.js";

export interface RewriteHtmlOptions extends BodyRewriteOptions {
  /** Handlers for the whole document (doctype, comments, text, end), as HTMLRewriter's onDocument. */
  document?: DocumentHandlers;
}

/**
 * Rewrites HTML by CSS selector while it streams, with HTMLRewriter's handler
 * shape, on lol-html (html-rewriter-wasm): no regular expressions over HTML.
 * A body in another charset is transcoded to UTF-8 first (and labelled so).
 *
 *     rewriteHtml(app, [["body", { element(el) { el.append('<script src="/a.js"></script>', { html: true }) } }]])
 */
export function rewriteHtml(app: App, handlers: HtmlHandlers, options: RewriteHtmlOptions = {}): App {
  return rewriteResponse(
    app,
    decideBody(options, isHtmlType, ({ environ }, type) => {
      const decoder = decoderFor(type);
      if (decoder === undefined) return undefined;
      const relabel = relabelUtf8(decoder);
      const stages = (): Stage[] => [
        ...(relabel ? [textStage(decoder, {}, environ, Infinity)] : []),
        htmlStage(handlers, options.document),
      ];
      return { stages, editHeaders: relabel };
    }),
  );
}
