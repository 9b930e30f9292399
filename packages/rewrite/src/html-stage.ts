import { HTMLRewriter, type DocumentHandlers, type ElementHandlers } from "html-rewriter-wasm";
import type { Chunk } from "@tsgi/core";
import type { Stage } from "./stage.js";

/** `[selector, handlers]` pairs, in the order HTMLRewriter's `on()` would be called. */
export type HtmlHandlers = ReadonlyArray<readonly [selector: string, handlers: ElementHandlers]>;

/**
 * lol-html (through html-rewriter-wasm) as a pipeline stage. One rewriter per
 * response, its handlers registered before the first write (the wasm build
 * requires it), and free()d exactly once — never while a write is in flight.
 */
export function htmlStage(handlers: HtmlHandlers, document: DocumentHandlers | undefined): Stage {
  let out: Chunk[] = [];
  const rewriter = new HTMLRewriter((chunk) => {
    // The wasm side reuses its buffer: copy before keeping the bytes.
    out.push(chunk.slice());
  });
  for (const [selector, handler] of handlers) rewriter.on(selector, handler);
  if (document) rewriter.onDocument(document);
  let busy: Promise<unknown> = Promise.resolve();
  let freed = false;
  let freeRequested = false;
  const free = (): void => {
    if (freed) return;
    freed = true;
    rewriter.free();
  };
  const run = async (work: () => Promise<void>): Promise<Chunk[]> => {
    if (freeRequested) throw new Error("the HTML rewriter was destroyed");
    const step = work();
    busy = step.catch(() => {});
    try {
      await step;
    } finally {
      if (freeRequested) free();
    }
    const result = out;
    out = [];
    return result;
  };
  return {
    push: (chunk) => (chunk.byteLength === 0 ? [] : run(() => rewriter.write(chunk))),
    async end() {
      const result = await run(() => rewriter.end());
      freeRequested = true;
      free();
      return result;
    },
    destroy() {
      if (freeRequested) return;
      freeRequested = true;
      void busy.then(free);
    },
  };
}
