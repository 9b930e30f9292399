import { concat, createInputStream, replaceInput, type Environ, type InputStream } from "@tsgi/core";

const FORM_TYPE = "application/x-www-form-urlencoded";
const decoder = new TextDecoder();

/**
 * Reads the field `name` of an `application/x-www-form-urlencoded` body of
 * at most `limit` bytes, and gives the app the body back: `tsgi.input`
 * becomes a fresh stream over the same bytes. A body over the limit is not
 * parsed; the bytes already read are put back in front of the rest, which
 * stays unread, so the app still gets the whole body, as it was sent.
 */
export async function readFormField(environ: Environ, name: string, limit: number): Promise<string | null> {
  if (!isForm(environ.CONTENT_TYPE)) return null;
  if (environ.CONTENT_LENGTH !== undefined && Number(environ.CONTENT_LENGTH) > limit) return null;
  const input = environ["tsgi.input"];
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total <= limit) {
    const chunk = await input.read(limit + 1 - total);
    if (chunk.byteLength === 0) {
      const body = concat(chunks, total);
      replaceInput(environ, body);
      return new URLSearchParams(decoder.decode(body)).get(name);
    }
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  environ["tsgi.input"] = createInputStream(prefixThenRest(chunks, input));
  return null;
}

function isForm(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(";");
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim();
  return type.toLowerCase() === FORM_TYPE;
}

async function* prefixThenRest(prefix: readonly Uint8Array[], rest: InputStream): AsyncGenerator<Uint8Array> {
  yield* prefix;
  yield* rest;
}
