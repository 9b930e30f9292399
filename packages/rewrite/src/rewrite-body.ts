import type { App } from "@tsgi/core";
import { decideBody } from "./decide-body.js";
import { asGenerator, generatorStage, type ByteTransform } from "./generator-stage.js";
import type { BodyRewriteOptions } from "./options.js";
import { rewriteResponse } from "./rewrite-response.js";

/**
 * Rewrites response bodies with `transform`, streaming: the upstream is
 * pulled only as fast as the client reads. Encoded upstream bodies are
 * decoded first (and re-encoded), and the headers are kept true of the new
 * bytes (Content-Length, ETag, digests, Accept-Ranges).
 */
export function rewriteBody(app: App, transform: ByteTransform, options: BodyRewriteOptions = {}): App {
  const generator = asGenerator(transform);
  return rewriteResponse(
    app,
    decideBody(options, () => true, () => ({ stages: () => [generatorStage(generator)] })),
  );
}
