import { BodyTooLargeError, HttpError } from "./http-error.js";
import { concat } from "./input-stream.js";
import type { Environ } from "./types.js";

export interface ReadBodyOptions {
  /** The most bytes to accept; more gives a BodyTooLargeError (413). Default 1 MiB. */
  limit?: number;
}

const DEFAULT_LIMIT = 1024 * 1024;

/**
 * Reads the whole request body from `tsgi.input`. A declared CONTENT_LENGTH
 * over the limit fails before anything is read; a body that turns out longer
 * (chunked uploads) fails as soon as it passes the limit, so a hostile client
 * cannot make the app buffer more than `limit` bytes.
 */
export async function readBody(environ: Environ, options: ReadBodyOptions = {}): Promise<Uint8Array> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const declared = environ.CONTENT_LENGTH;
  if (declared && Number(declared) > limit) throw new BodyTooLargeError(limit);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of environ["tsgi.input"]) {
    total += chunk.byteLength;
    if (total > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return concat(chunks, total);
}

/** The request body decoded as UTF-8 (invalid bytes become U+FFFD). */
export async function readText(environ: Environ, options: ReadBodyOptions = {}): Promise<string> {
  return new TextDecoder().decode(await readBody(environ, options));
}

/** The request body parsed as JSON; malformed JSON is an HttpError 400. */
export async function readJson<T = unknown>(environ: Environ, options: ReadBodyOptions = {}): Promise<T> {
  const text = await readText(environ, options);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new HttpError(400, "request body is not valid JSON", { cause: error });
  }
}
