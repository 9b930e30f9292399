import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, createInputStream, type InputStream } from "@tsgi/core";

/** The request state that reading the body reports to. */
export interface BodyReader {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** `Expect: 100-continue` arrived and 100 has not been sent yet. */
  continuePending: boolean;
  bodyBytesRead: number;
  bodyEnded: boolean;
  bodyTooLarge: boolean;
  /** Set by the body's iterator: fails the pending read and every later one. */
  abandonBody: ((error: Error) => void) | undefined;
}

/**
 * Makes `tsgi.input` over a node request. Bytes are pulled from `req` only
 * when the app reads, so TCP backpressure reaches the client and a large
 * upload is never buffered. The first read sends `100 Continue` when the
 * client asked for it (SPEC §3.4, PEP 3333 "HTTP 1.1 Expect/Continue").
 */
export function createNodeInput(reader: BodyReader, limit: number): InputStream {
  return createInputStream({ [Symbol.asyncIterator]: () => new NodeBodyIterator(reader, limit) });
}

class NodeBodyIterator implements AsyncIterator<Uint8Array> {
  #reader: BodyReader;
  #limit: number;
  #source: AsyncIterator<Buffer> | undefined;
  /** Why the body could not be read to its end; every later read fails with it too. */
  #error: unknown = undefined;

  /** Rejects the read in progress. */
  #rejectPending: ((error: unknown) => void) | undefined;

  constructor(reader: BodyReader, limit: number) {
    this.#reader = reader;
    this.#limit = limit;
    reader.abandonBody = (error) => {
      this.#error ??= error;
      this.#rejectPending?.(this.#error);
    };
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    const reader = this.#reader;
    if (reader.bodyTooLarge) throw new BodyTooLargeError(this.#limit);
    if (reader.continuePending) {
      reader.continuePending = false;
      if (!reader.res.headersSent && !reader.res.destroyed) reader.res.writeContinue();
    }
    // Never call return() on node's iterator: that destroys the request and
    // with it the socket, and the server still has to answer (413, 500…).
    if (this.#error !== undefined) throw this.#error;
    const source = (this.#source ??= reader.req[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    let step: IteratorResult<Buffer>;
    try {
      // Raced against abandonBody: once the response is over node no longer
      // ends or fails this request, so a read left pending would never settle.
      step = await new Promise<IteratorResult<Buffer>>((resolve, reject) => {
        this.#rejectPending = reject;
        source.next().then(resolve, reject);
      });
    } catch (error) {
      // Node's iterator reports done after its error: a later read must not
      // take that for the end of the body (SPEC [input.disconnect]).
      this.#error ??= error ?? new Error("the request body could not be read");
      throw this.#error;
    } finally {
      this.#rejectPending = undefined;
    }
    if (step.done) {
      reader.bodyEnded = true;
      return step;
    }
    reader.bodyBytesRead += step.value.byteLength;
    if (reader.bodyBytesRead > this.#limit) {
      reader.bodyTooLarge = true;
      throw new BodyTooLargeError(this.#limit);
    }
    return step;
  }
}
