import type { IncomingMessage, ServerResponse } from "node:http";

// An unread request body bigger than this makes the server close the
// connection after the response instead of reading and discarding the rest.
const DRAIN_LIMIT = 64 * 1024;

/**
 * One request's body as `tsgi.input` reads it and the response needs to
 * know it: whether there is one, how much was read, whether it ended or went
 * over the limit, and the `100 Continue` the client may still wait for.
 */
export class RequestBody {
  /** node's request, which only `tsgi.input` reads. */
  readonly req: IncomingMessage;
  readonly #res: ServerResponse;
  /** `Expect: 100-continue` arrived and 100 has not been sent yet. */
  #continuePending: boolean;
  #hasBody = false;
  /** CONTENT_LENGTH as the environ has it, or undefined for a chunked body. */
  #declared: string | undefined;
  #bytesRead = 0;
  #ended = false;
  #tooLarge = false;
  #abandon: ((error: Error) => void) | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, continuePending: boolean) {
    this.req = req;
    this.#res = res;
    this.#continuePending = continuePending;
  }

  /** The request carries a body of `declared` bytes (undefined: chunked). */
  expect(declared: string | undefined): void {
    this.#hasBody = true;
    this.#declared = declared;
  }

  /** The request has no body: there is nothing to read or drain. */
  none(): void {
    this.#ended = true;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get tooLarge(): boolean {
    return this.#tooLarge;
  }

  /** The body is over a limit (maxBodySize, or the app's own readBody): the connection will not be reused. */
  markTooLarge(): void {
    this.#tooLarge = true;
  }

  /** Before a read: sends the `100 Continue` the client waits for, once, unless the response has begun (SPEC §3.4). */
  sendContinue(): void {
    if (!this.#continuePending) return;
    this.#continuePending = false;
    const res = this.#res;
    if (!res.headersSent && !res.destroyed) res.writeContinue();
  }

  /** Counts bytes read; false (and marked too large) once they pass `limit`. */
  count(bytes: number, limit: number): boolean {
    this.#bytesRead += bytes;
    if (this.#bytesRead <= limit) return true;
    this.#tooLarge = true;
    return false;
  }

  /** The body was read to its end. */
  markEnded(): void {
    this.#ended = true;
  }

  /** Set by `tsgi.input`'s iterator: fails the pending read and every later one. */
  onAbandon(abandon: (error: Error) => void): void {
    this.#abandon = abandon;
  }

  /** The response is over: a read of tsgi.input still pending or made later fails (SPEC [input.unread]). */
  abandon(): void {
    if (this.#ended || this.#abandon === undefined) return;
    this.#abandon(new Error("the response is over: the rest of the request body can no longer be read"));
  }

  /**
   * Node reads and discards a request body the app left unread before the
   * next request on the connection; for a big or unbounded one it is cheaper
   * to close the connection than to swallow the upload.
   */
  tooMuchUnread(): boolean {
    if (!this.#hasBody || this.#ended || this.req.complete) return false;
    if (this.#continuePending) return false; // node closes by itself when 100 was never sent
    const declared = this.#declared;
    if (this.#tooLarge || declared === undefined) return true;
    return Number(declared) - this.#bytesRead > DRAIN_LIMIT;
  }
}
