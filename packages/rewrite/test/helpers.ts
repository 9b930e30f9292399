import type { App, Body, Chunk, HeaderList } from "@tsgi/core";

export const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
export const dec = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Counts how often bodies made by an app were closed. */
export class CloseCounter {
  count = 0;
  track<B extends Body>(body: B): B {
    const inner = body.close;
    return Object.assign(body, {
      close: () => {
        this.count++;
        return inner?.call(body);
      },
    });
  }
}

export interface FakeResponse {
  status?: string;
  headers?: HeaderList;
  /** "array": returns the chunks as an Array; "stream": an async generator that starts lazily. */
  as?: "array" | "stream";
  counter?: CloseCounter;
}

/** An app answering `chunks` with the given head, as an Array or a lazily started async stream. */
export function appOf(chunks: Array<Chunk | string>, response: FakeResponse = {}): App {
  const bytes = chunks.map((c) => (typeof c === "string" ? enc(c) : c));
  const status = response.status ?? "200 OK";
  const headers = (): HeaderList => (response.headers ?? [["Content-Type", "text/plain; charset=utf-8"]]).map(([n, v]) => [n, v]);
  const track = <B extends Body>(b: B): B => (response.counter ? response.counter.track(b) : b);
  if ((response.as ?? "array") === "array") {
    return (_environ, startResponse) => {
      startResponse(status, headers());
      return track(bytes.slice());
    };
  }
  return (_environ, startResponse) =>
    track(
      (async function* () {
        startResponse(status, headers());
        for (const chunk of bytes) {
          await Promise.resolve();
          yield chunk;
        }
      })(),
    );
}

/** Splits `bytes` into pieces of `size` bytes (the last may be shorter). */
export function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
