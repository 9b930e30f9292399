import type { Transform } from "node:stream";
import { InnerBody, type Body, type Chunk } from "@tsgi/core";
import { decoderStream } from "./content-coding.js";

const EMPTY = new Uint8Array(0);

/**
 * `body` decoded from `coding`, pulled in pieces of about node:zlib's
 * buffer size (16 KiB). The decoder runs only as far as its output is read,
 * so memory stays bounded however much one upstream chunk expands (a
 * decompression bomb streams like any long body). Call only when
 * canDecode(coding).
 */
export function decodedBody(body: Body, coding: string): Body {
  return new DecodedBody(body, decoderStream(coding)).body();
}

class DecodedBody {
  readonly #inner: InnerBody;
  readonly #stream: Transform;
  #wake: (() => void) | undefined;
  #failure: unknown;
  #ended = false;
  #stopped = false;
  #inputDone = false;
  /** An upstream chunk is still being decoded. */
  #writing = false;
  /** Nothing came out since the last upstream chunk went in. */
  #quiet = false;

  constructor(body: Body, stream: Transform) {
    this.#inner = new InnerBody(body);
    this.#stream = stream;
    stream.on("readable", () => this.#notify());
    stream.on("end", () => {
      this.#ended = true;
      this.#notify();
    });
    stream.on("error", (error) => {
      this.#failure = error;
      this.#notify();
    });
  }

  body(): Body {
    const iterator: AsyncIterator<Chunk> = {
      next: () => this.#next(),
      return: async () => {
        this.#stop();
        await this.#inner.stop();
        return { done: true, value: undefined };
      },
    };
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: () => {
        this.#stop();
        return this.#inner.close();
      },
    };
  }

  async #next(): Promise<IteratorResult<Chunk>> {
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#stopped) return { done: true, value: undefined };
      const piece = this.#stream.read() as Chunk | null;
      if (piece !== null) {
        this.#quiet = false;
        return { done: false, value: piece };
      }
      if (this.#ended) return { done: true, value: undefined };
      if (!this.#writing && this.#quiet) {
        // The last upstream chunk decoded to nothing yet: still one chunk out
        // per chunk pulled, so a stream keeps streaming.
        this.#quiet = false;
        return { done: false, value: EMPTY };
      }
      if (!this.#writing && !this.#inputDone) await this.#feed();
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Pulls one upstream chunk into the decoder (or ends its input). */
  async #feed(): Promise<void> {
    const step = await this.#inner.next();
    if (this.#stopped) return;
    if (step.done) {
      this.#inputDone = true;
      this.#stream.end();
      return;
    }
    this.#quiet = true;
    if (step.value.byteLength === 0) return;
    this.#writing = true;
    this.#stream.write(step.value, () => {
      this.#writing = false;
      this.#notify();
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stream.destroy();
    this.#notify();
  }
}
