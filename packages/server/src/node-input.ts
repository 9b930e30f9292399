import { BodyTooLargeError, createInputStream, type InputStream } from "@tsgi/core";
import type { RequestBody } from "./request-body.js";

/**
 * Makes `tsgi.input` over a node request. Bytes are pulled from `req` only
 * when the app reads, so TCP backpressure reaches the client and a large
 * upload is never buffered. The first read sends `100 Continue` when the
 * client asked for it (SPEC §3.4, PEP 3333 "HTTP 1.1 Expect/Continue").
 */
export function createNodeInput(body: RequestBody, limit: number): InputStream {
  return createInputStream({ [Symbol.asyncIterator]: () => new NodeBodyIterator(body, limit) });
}

class NodeBodyIterator implements AsyncIterator<Uint8Array> {
  #body: RequestBody;
  #limit: number;
  #source: AsyncIterator<Buffer> | undefined;
  /** Why the body could not be read to its end; every later read fails with it too. */
  #error: unknown = undefined;

  /** Rejects the read in progress. */
  #rejectPending: ((error: unknown) => void) | undefined;

  constructor(body: RequestBody, limit: number) {
    this.#body = body;
    this.#limit = limit;
    body.onAbandon((error) => {
      this.#error ??= error;
      this.#rejectPending?.(this.#error);
    });
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    const body = this.#body;
    if (body.tooLarge) throw new BodyTooLargeError(this.#limit);
    body.sendContinue();
    // Never call return() on node's iterator: that destroys the request and
    // with it the socket, and the server still has to answer (413, 500…).
    if (this.#error !== undefined) throw this.#error;
    const source = (this.#source ??= body.req[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    let step: IteratorResult<Buffer>;
    try {
      // Raced against RequestBody.abandon(): once the response is over node no longer
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
      body.markEnded();
      return step;
    }
    if (!body.count(step.value.byteLength, this.#limit)) throw new BodyTooLargeError(this.#limit);
    return step;
  }
}
