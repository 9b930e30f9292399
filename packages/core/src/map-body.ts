import { transformBody, type TransformedBody } from "./transform-body.js";
import type { Body, Chunk } from "./types.js";

export interface MapBodyOptions {
  /** Bytes to add after the last chunk (a footer, a compressor's tail). */
  flush?: () => Chunk | undefined | Promise<Chunk | undefined>;
}

/**
 * Transforms each chunk of a body as it streams, one chunk out per chunk in,
 * keeping the inner body's `return()` and `close()` (each passed on exactly
 * once, even if the new body is never iterated), so streaming stays streaming
 * (§7.2). An Array body with a synchronous `fn` stays an Array (the server's
 * fast path). For 0..n chunks per input or a cleanup hook, use
 * `transformBody`. Middleware that changes the body must also fix
 * Content-Length (§7.3).
 */
export function mapBody(
  body: Body,
  transform: (chunk: Chunk) => Chunk | Promise<Chunk>,
  options: MapBodyOptions = {},
): TransformedBody {
  const flush = options.flush;
  return transformBody(body, flush === undefined ? { transform } : { transform, flush });
}
