import { BodyTooLargeError, HttpError } from "./http-error.js";
import { concat } from "./input-stream.js";
import { replaceInput } from "./replace-input.js";
import type { Environ } from "./types.js";

export interface ReadBodyOptions {
  /** The most bytes to accept; more gives a BodyTooLargeError (413). Default 1 MiB. */
  limit?: number;
  /**
   * Puts the bytes back: once read, `tsgi.input` is replaced by a stream over
   * them and `CONTENT_LENGTH` set to their length (`replaceInput`), so an
   * inner app can read the body again. For body-parsing middleware. Default false.
   */
  keep?: boolean;
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
  const bytes = concat(chunks, total);
  if (options.keep === true) replaceInput(environ, bytes);
  return bytes;
}

/** The request body decoded as UTF-8 (invalid bytes become U+FFFD). */
export async function readText(environ: Environ, options: ReadBodyOptions = {}): Promise<string> {
  return new TextDecoder().decode(await readBody(environ, options));
}

/**
 * The request body parsed as JSON; malformed JSON is an HttpError 400. With
 * `keep: true` the raw bytes stay readable by an inner app (`tsgi.input` is
 * replaced even when the JSON is malformed).
 */
export async function readJson<T = unknown>(environ: Environ, options: ReadBodyOptions = {}): Promise<T> {
  const text = await readText(environ, options);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new HttpError(400, "request body is not valid JSON", { cause: error });
  }
}
