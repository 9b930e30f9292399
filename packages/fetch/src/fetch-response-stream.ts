import { ContentLengthError, type BodyStep, type MaybePromise } from "@tsgi/core";
import type { FetchExchange } from "./fetch-exchange.js";

/**
 * The Response for a streamed body: a ReadableStream that pulls the app's
 * body one chunk per read (highWaterMark 0, so never ahead of the client).
 * A failure after the headers errors the stream, so the client sees a broken
 * response, never a clean end; the runtime cancelling the stream is the
 * client leaving.
 */
export function streamResponse(exchange: FetchExchange, first: Uint8Array, init: ResponseInit): Response {
  return new Response(new ReadableStream<Uint8Array>(new BodySource(exchange, first), { highWaterMark: 0 }), init);
}

class BodySource {
  readonly #exchange: FetchExchange;
  #first: Uint8Array | undefined;
  #cancelled = false;

  constructor(exchange: FetchExchange, first: Uint8Array) {
    this.#exchange = exchange;
    this.#first = first;
    // A runtime that only aborts request.signal (Node's undici) stops the body too.
    exchange.client.onLeave(() => void this.cancel());
  }

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    try {
      const next = this.#next();
      const chunk = next instanceof Promise ? await next : next;
      if (this.#cancelled) return;
      if (chunk !== undefined) {
        controller.enqueue(chunk);
        return;
      }
      await this.#exchange.end();
      controller.close();
    } catch (error) {
      if (this.#cancelled) return;
      if (error instanceof ContentLengthError && error.fits !== undefined) {
        // [server.content-length]: the first N bytes are the complete response; the rest is the app's error.
        if (error.fits.byteLength > 0) controller.enqueue(error.fits);
        this.#exchange.log("sent only the declared bytes", error);
        await this.#exchange.end();
        controller.close();
        return;
      }
      this.#exchange.log("the app failed after sending headers", error);
      await this.#exchange.end();
      controller.error(error);
    }
  }

  async cancel(): Promise<void> {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#exchange.client.leave();
    await this.#exchange.end();
  }

  /** The first chunk (counted against the Content-Length now), then the body's next ones. */
  #next(): MaybePromise<BodyStep> {
    const first = this.#first;
    if (first === undefined) return this.#exchange.body.next();
    this.#first = undefined;
    return this.#exchange.body.admit(first);
  }
}
