import { concat, createInputStream } from "./input-stream.js";
import type { Environ } from "./types.js";

/**
 * Gives the inner app a request body that middleware has already read (or
 * changed): `tsgi.input` becomes a fresh stream over `bytes`, and
 * `CONTENT_LENGTH` is set to their length, as SPEC [middleware.input] requires
 * (also for a chunked request that arrived without one: the body is now of
 * known length). Returns the environ.
 */
export function replaceInput(environ: Environ, bytes: Uint8Array | readonly Uint8Array[]): Environ {
  const body = bytes instanceof Uint8Array ? bytes : concat(bytes as readonly Uint8Array[]);
  environ["tsgi.input"] = createInputStream(body);
  environ.CONTENT_LENGTH = String(body.byteLength);
  return environ;
}
