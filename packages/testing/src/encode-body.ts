import type { FormInit, MultipartInit, RequestBody, RequestOptions } from "./options.js";

/** A request body ready to become `tsgi.input`, with the headers that describe it. */
export interface EncodedBody {
  contentType: string | undefined;
  /** The whole body, when it is known up front (it can then be sent again, e.g. after a 307). */
  bytes: Uint8Array | undefined;
  /** A one-pass stream body, sent chunked. */
  stream: AsyncIterable<Uint8Array> | undefined;
}

const utf8 = new TextEncoder();

export const NO_BODY: EncodedBody = { contentType: undefined, bytes: undefined, stream: undefined };

/**
 * Turns the body options of a request into bytes (or a stream) and a
 * Content-Type. Multipart forms are encoded by the platform's own
 * `new Response(formData)`, the same encoder `fetch` uses.
 */
export async function encodeBody(options: RequestOptions): Promise<EncodedBody> {
  const given = (["body", "json", "form", "multipart"] as const).filter((key) => options[key] !== undefined);
  if (given.length > 1) {
    throw new TypeError(`a request takes at most one of body, json, form and multipart; got ${given.join(" and ")}`);
  }
  if (options.json !== undefined) {
    const text = JSON.stringify(options.json);
    if (text === undefined) throw new TypeError("options.json cannot be encoded as JSON");
    return { contentType: "application/json", bytes: utf8.encode(text), stream: undefined };
  }
  if (options.form !== undefined) {
    return {
      contentType: "application/x-www-form-urlencoded",
      bytes: utf8.encode(toSearchParams(options.form).toString()),
      stream: undefined,
    };
  }
  if (options.multipart !== undefined) return encodeMultipart(options.multipart);
  if (options.body !== undefined) return encodeRaw(options.body);
  return NO_BODY;
}

/** Records and URLSearchParams to URLSearchParams; array values repeat the key. */
export function toSearchParams(init: FormInit): URLSearchParams {
  if (init instanceof URLSearchParams) return init;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(init)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly unknown[]) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params;
}

async function encodeMultipart(init: MultipartInit): Promise<EncodedBody> {
  let form: FormData;
  if (init instanceof FormData) {
    form = init;
  } else {
    form = new FormData();
    for (const [key, value] of Object.entries(init)) {
      if (value === undefined) continue;
      const items: readonly (string | Blob)[] = Array.isArray(value) ? value : [value as string | Blob];
      for (const item of items) {
        if (typeof item === "string") form.append(key, item);
        else if (item instanceof Blob) form.append(key, item);
        else throw new TypeError(`multipart field ${JSON.stringify(key)} must be a string, Blob or File`);
      }
    }
  }
  const response = new Response(form);
  return {
    contentType: response.headers.get("content-type") ?? undefined,
    bytes: new Uint8Array(await response.arrayBuffer()),
    stream: undefined,
  };
}

function encodeRaw(body: RequestBody): EncodedBody {
  if (typeof body === "string") {
    return { contentType: "text/plain;charset=UTF-8", bytes: utf8.encode(body), stream: undefined };
  }
  if (body instanceof Uint8Array) return { contentType: undefined, bytes: body, stream: undefined };
  if (body instanceof ArrayBuffer) return { contentType: undefined, bytes: new Uint8Array(body), stream: undefined };
  if (body instanceof ReadableStream) return { contentType: undefined, bytes: undefined, stream: readStream(body) };
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") {
    return { contentType: undefined, bytes: undefined, stream: checkedChunks(body) };
  }
  throw new TypeError("options.body must be a string, Uint8Array, ArrayBuffer, AsyncIterable<Uint8Array> or ReadableStream");
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield checkChunk(value);
    }
  } finally {
    reader.releaseLock();
  }
}

async function* checkedChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield checkChunk(chunk);
}

function checkChunk(chunk: unknown): Uint8Array {
  if (!(chunk instanceof Uint8Array)) {
    throw new TypeError(`a request body stream must yield Uint8Array chunks, got ${typeof chunk}`);
  }
  return chunk;
}
