import type { IncomingMessage, ServerResponse } from "node:http";
import { statusHasNoBody, type Chunk } from "@tsgi/core";
import { sendGenericResponse } from "./generic-response.js";
import type { ListenerContext } from "./listener-context.js";
import type { RequestBody } from "./request-body.js";
import type { ResponseHead } from "./response-head.js";

// Bodies up to this size are sent as a latin-1 string (see sendWhole).
const SMALL_BODY = 1024;

// How much may wait in the connection's buffers before the app's next chunk
// is pulled. node's own mark (16 KiB) would make a body of a few 4 KiB chunks
// wait for 'drain' several times per response, one event-loop turn and one
// system call each; raw node:http code that ignores write()'s answer writes
// them all at once (node corks the socket for the rest of the tick after the
// first write, so they still leave in one writev; an explicit cork around
// each chunk of an async body made every response ~3× slower). This bounds
// what a slow client holds per response.
const WRITE_AHEAD = 128 * 1024;

function latin1(chunk: Uint8Array): string {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
}

/**
 * How this transport puts a response on a node:http connection: the head,
 * the chunks with their backpressure, a clean end, an abort, the server's
 * own short answers. It knows nothing of the app's body; it counts what it
 * wrote for the access log, and once stopped it writes nothing more.
 */
export class ResponseWriter {
  readonly #ctx: ListenerContext;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #input: RequestBody;
  readonly isHead: boolean;
  #headOut = false;
  #stopped = false;
  #status = 0;
  #bytes = 0;
  /** Resolves a pending wait for 'drain' when the writer stops. */
  #wake: (() => void) | undefined;

  constructor(ctx: ListenerContext, req: IncomingMessage, res: ServerResponse, input: RequestBody) {
    this.#ctx = ctx;
    this.#req = req;
    this.#res = res;
    this.#input = input;
    this.isHead = req.method === "HEAD";
  }

  /** A status line went out (the app's or the server's own): the status can no longer change. */
  get headOut(): boolean {
    return this.#headOut || this.#res.headersSent;
  }

  /** Nothing more may be written: the client left, the app failed, or the server answered for it. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** The status sent, or 0 before the head went out. */
  get status(): number {
    return this.#status;
  }

  /** Body bytes written. */
  get bytes(): number {
    return this.#bytes;
  }

  /** From now on nothing is written; a wait for 'drain' ends at once. */
  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Writes the status line and headers; `contentLength` -1 adds none. Throws (nothing sent) when node rejects them. */
  sendHead(head: ResponseHead, contentLength: number): void {
    // flat was made for this exchange by parseResponseHead, so it may be extended in place.
    const headers = head.flat;
    if (contentLength !== -1 && head.contentLength === -1) headers.push("Content-Length", String(contentLength));
    if (this.mustClose()) headers.push("Connection", "close");
    this.#res.writeHead(head.code, head.reason, headers);
    this.#headOut = true;
    this.#status = head.code;
  }

  /**
   * A whole body known in advance (an Array): the head with its Content-Length
   * and every byte in one go. `noBody`: HEAD, 1xx, 204, 304 send the head alone.
   */
  sendWhole(head: ResponseHead, chunks: readonly Chunk[], total: number, noBody: boolean): void {
    // An empty HEAD body says nothing about the GET length, so it gets no Content-Length.
    this.sendHead(head, statusHasNoBody(head.code) || (this.isHead && total === 0) ? -1 : total);
    const res = this.#res;
    if (noBody || total === 0) {
      res.end();
      return;
    }
    this.#bytes = total;
    if (chunks.length === 1) {
      // node writes a string body in one write together with the headers,
      // but a Uint8Array as a second buffer of a writev. For small bodies the
      // lossless latin-1 round trip is cheaper than that extra buffer.
      const chunk = chunks[0]!;
      if (total <= SMALL_BODY) res.end(latin1(chunk), "latin1");
      else res.end(chunk);
      return;
    }
    // Corked, all chunks leave in one writev with the headers.
    res.socket?.cork();
    for (let i = 0; i < chunks.length; i++) if (chunks[i]!.byteLength > 0) res.write(chunks[i]);
    res.end();
  }

  /** Writes a chunk; false when the connection is full (wait with drained()). */
  write(chunk: Chunk): boolean {
    this.#bytes += chunk.byteLength;
    const res = this.#res;
    // After a false, node emits 'drain' once its buffers are empty, so waiting later is safe.
    return res.write(chunk) || res.writableLength < WRITE_AHEAD;
  }


  /** Resolves on 'drain', or at once when the writer stops meanwhile. */
  drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
      this.#res.once("drain", done);
    });
  }

  /** Ends the response cleanly. */
  end(): void {
    this.#res.end();
  }

  /**
   * Ends the response with the part of a chunk that still fits, then closes
   * the connection instead of reusing it: the client got a complete
   * response, but the app behind it misbehaves.
   */
  endCut(fits: Uint8Array): void {
    if (fits.byteLength > 0) this.write(fits);
    this.#res.end();
    this.#res.once("finish", () => this.#req.socket.end());
  }

  /** The head alone: HEAD, 1xx, 204, 304. */
  endWithoutBody(head: ResponseHead): void {
    this.sendHead(head, -1);
    this.#res.end();
  }

  /**
   * Breaks the connection so the client can tell the response is incomplete
   * (never a clean chunked end). What was already written goes out first:
   * node corks the socket until the next tick, and destroy() would drop it.
   */
  abort(): void {
    this.#res.socket?.uncork();
    this.#res.destroy();
  }

  /** The server's own short text/plain answer (4xx, 500, 503); `close` forces `Connection: close`. */
  sendGeneric(code: number, close = this.mustClose()): void {
    this.#headOut = true;
    this.#status = code;
    this.#bytes = sendGenericResponse(this.#res, code, this.isHead, close);
  }

  /** A `103 Early Hints` with these Link values, unless the final head is out or the response is over. */
  earlyHints(links: string[]): void {
    const res = this.#res;
    if (this.headOut || this.#stopped || res.destroyed) return;
    res.writeEarlyHints({ link: links });
  }

  /** The connection closes after this response: a graceful close is under way, or too much request body is left unread. */
  mustClose(): boolean {
    return this.#ctx.closing || this.#input.tooMuchUnread();
  }
}
