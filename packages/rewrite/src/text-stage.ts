import type { Chunk, Environ } from "@tsgi/core";
import type { Decoder } from "./charset.js";
import type { Stage } from "./stage.js";
import { StreamReplacer, type ReplacePair } from "./stream-replace.js";

/** What `rewriteText` does to the text. */
export interface TextEdits {
  /** Text added before the body. */
  prepend?: string;
  /** Text added after the body. */
  append?: string;
  /** Replacements, applied in order, each to the output of the one before. */
  replace?: readonly ReplacePair[];
  /**
   * A whole-body view: the complete text (after `replace`), returning the new
   * text. This buffers the body, up to `maxBytes`; everything else streams.
   */
  transform?: (text: string, environ: Environ) => string | Promise<string>;
}

/** Thrown when a whole-body `transform` meets a body larger than `maxBytes`. */
export class RewriteLimitError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`rewriteText: the response body is larger than maxBytes (${limit} bytes), so its whole-body transform cannot run; raise maxBytes or use replace/append, which stream`);
    this.name = "RewriteLimitError";
    this.limit = limit;
  }
}

const encoder = new TextEncoder();

/**
 * Decodes bytes in `charset` (a multi-byte character split across chunks is
 * held until it is complete), applies the edits, and encodes UTF-8.
 */
export function textStage(decoder: Decoder, edits: TextEdits, environ: Environ, maxBytes: number): Stage {
  const replacers = (edits.replace ?? []).map((pair) => new StreamReplacer(pair));
  let started = false;
  let buffered: string[] | undefined = edits.transform ? [] : undefined;
  let bytes = 0;
  const pass = (text: string, final: boolean): string => {
    let out = text;
    for (const r of replacers) out = final ? r.push(out) + r.end() : r.push(out);
    return out;
  };
  const head = (text: string): string => {
    if (started) return text;
    started = true;
    return (edits.prepend ?? "") + text;
  };
  const encode = (text: string): Chunk[] => (text === "" ? [] : [encoder.encode(text)]);
  return {
    push(chunk) {
      const text = pass(decoder.decode(chunk, { stream: true }), false);
      if (buffered === undefined) return encode(head(text));
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new RewriteLimitError(maxBytes);
      buffered.push(text);
      return [];
    },
    async end() {
      let text = pass(decoder.decode(), true);
      if (buffered !== undefined) {
        text = await edits.transform!(buffered.join("") + text, environ);
        buffered = undefined;
      }
      return encode(head(text) + (edits.append ?? ""));
    },
    destroy() {
      buffered = undefined;
    },
  };
}
