import { getHeader, type HeaderList } from "@tsgi/core";
import { checkFunction } from "./check-options.js";
import { parseMediaType, type MediaType } from "./media-type.js";
import type { BodyRewriteOptions } from "./options.js";
import { forgetByteMetadata } from "./response-metadata.js";
import type { Decide, ResponseView, RewritePlan } from "./rewrite-response.js";
import { whyUntouchable } from "./skip-rules.js";
import { chainStages, type Stage } from "./stage.js";
import { planCoding } from "./upstream-coding.js";

/** What a body rewriter builds for a response it will touch. */
export interface BodyPlan {
  /** Builds the rewriter's stages; called only when the body is really rewritten (not for HEAD). */
  stages(): Stage[];
  /** Extra header edits (a new charset). */
  editHeaders?: (headers: HeaderList) => void;
}

/**
 * The shared decision of rewriteBody, rewriteText and rewriteHtml: the skip
 * rules, the media-type filter, `when`, then decoding of an encoded upstream
 * around the rewriter's own stages. `build` may return undefined to leave the
 * response alone (an unknown charset).
 */
export function decideBody(
  options: BodyRewriteOptions,
  defaultTypes: (mediaType: string) => boolean,
  build: (view: ResponseView, type: MediaType | undefined) => BodyPlan | undefined,
): Decide {
  checkFunction("rewrite", "when", options.when);
  checkFunction("rewrite", "types", options.types);
  const types = options.types ?? defaultTypes;
  const recompress = options.recompress ?? true;
  return (view) => {
    const { environ, code, headers } = view;
    if (whyUntouchable(code, headers) !== undefined) return undefined;
    const type = parseMediaType(getHeader(headers, "Content-Type"));
    if (!types(type?.essence ?? "")) return undefined;
    if (options.when && !options.when(code, headers, environ)) return undefined;
    const coding = planCoding(headers, recompress);
    if (coding === undefined) return undefined;
    const body = build(view, type);
    if (body === undefined) return undefined;
    return plan(coding.decode, () => coding.wrap(body.stages()), (h) => {
      coding.editHeaders(h);
      body.editHeaders?.(h);
    });
  };
}

function plan(decode: string | undefined, stages: () => Stage[], edit: (headers: HeaderList) => void): RewritePlan {
  return {
    decode,
    makeStage: () => chainStages(stages()),
    editHeaders(headers, length) {
      edit(headers);
      forgetByteMetadata(headers, length);
    },
  };
}
