import type { App } from "@tsgi/core";
import { decoderFor, relabelUtf8 } from "./charset.js";
import { checkNumber } from "./check-options.js";
import { decideBody } from "./decide-body.js";
import { isTextType } from "./media-type.js";
import type { BodyRewriteOptions } from "./options.js";
import { rewriteResponse } from "./rewrite-response.js";
import { StreamReplacer } from "./stream-replace.js";
import { textStage, type TextEdits } from "./text-stage.js";

export interface RewriteTextOptions extends BodyRewriteOptions {
  /** The most bytes a whole-body `transform` may buffer; past it the response fails with a RewriteLimitError. Default: 1 MiB. */
  maxBytes?: number;
}

const MiB = 1024 * 1024;

/**
 * Rewrites text responses as text: decoded from the Content-Type's charset
 * (UTF-8 by default), edited, and sent as UTF-8 (the charset label follows).
 * `replace` works across chunk boundaries and split characters; only a
 * whole-body `transform` buffers, and only up to `maxBytes`.
 *
 *     rewriteText(app, { append: " -- Modified by middleware" })
 */
export function rewriteText(app: App, edits: TextEdits, options: RewriteTextOptions = {}): App {
  checkNumber("rewriteText", "maxBytes", options.maxBytes, 0, Number.MAX_SAFE_INTEGER);
  const maxBytes = options.maxBytes ?? MiB;
  // Bad patterns fail here, when the middleware is built, not per request.
  for (const pair of edits.replace ?? []) new StreamReplacer(pair);
  return rewriteResponse(
    app,
    decideBody(options, isTextType, ({ environ }, type) => {
      const decoder = decoderFor(type);
      if (decoder === undefined) return undefined;
      return { stages: () => [textStage(decoder, edits, environ, maxBytes)], editHeaders: relabelUtf8(decoder) };
    }),
  );
}
