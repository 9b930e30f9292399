import type { IncomingMessage, ServerResponse } from "node:http";
import {
  BodyTooLargeError,
  ContentLengthError,
  createStartResponse,
  formatError,
  isThenable,
  ResponseBody,
  statusHasNoBody,
  type Body,
  type BodyStep,
  type Chunk,
  type Environ,
  type MaybePromise,
  type ResponseStart,
} from "@tsgi/core";
import type { DisconnectSignal } from "./disconnect-signal.js";
import { hold, settle, type ListenerContext } from "./listener-context.js";
import { addProtocolKeys } from "./protocol-keys.js";
import { RequestBody } from "./request-body.js";
import { parseResponseHead, type ResponseHead } from "./response-head.js";
import { ResponseWriter } from "./response-writer.js";

// What first() asks before each pull: a HEAD response carries no body at all,
// any other one only when its status allows it. Shared, so no closure per request.
const noBodyForGet = (head: ResponseHead): boolean => statusHasNoBody(head.code);
const noBodyForHead = (): boolean => true;
// What #streamFrom gets after 'drain': no chunk to write, pull the next one.
const NEXT = Symbol("next");

/**
 * One request/response exchange on node:http. The rules every server shares
 * (startResponse and excInfo, the first chunk, chunk types, Content-Length,
 * return() then close() exactly once) are core's ResponseStart and
 * ResponseBody; the bytes go out through a ResponseWriter. What stays here is
 * this transport's part: running the app, the request timeout, what a
 * disconnect stops, the access-log record, and when a graceful close may go on.
 */
export class Exchange {
  /** The request's body as tsgi.input reads it. */
  readonly input: RequestBody;
  readonly #ctx: ListenerContext;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #writer: ResponseWriter;
  readonly #start: ResponseStart<ResponseHead>;
  #environ: Environ | undefined;
  #body: ResponseBody | undefined;
  /** Feeds tsgi.signal: aborted when the client leaves early or the timeout fires. */
  #signal: DisconnectSignal | undefined;
  #error: unknown = undefined;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #responseClosed = false;
  /** Counted in the listener's unsettled exchanges (only when its response's 'close' is watched). */
  #holding = false;

  constructor(ctx: ListenerContext, req: IncomingMessage, res: ServerResponse, continuePending: boolean) {
    this.#ctx = ctx;
    this.#req = req;
    this.#res = res;
    this.input = new RequestBody(req, res, continuePending);
    this.#writer = new ResponseWriter(ctx, req, res, this.input);
    this.#start = createStartResponse(parseResponseHead);
  }

  /** The environ is built: it gets the protocol keys, and an access log starts its clock and watches the response. */
  begin(environ: Environ): void {
    this.#environ = environ;
    this.#signal = addProtocolKeys(environ, this.#req, this.#writer);
    if (this.#ctx.onResponse !== undefined) {
      this.#startedAt = performance.now();
      this.#watchClose();
    }
  }

  /** A request the environ cannot express: answered `code` without the app, and the connection closed. */
  reject(code: number): void {
    this.#writer.stop();
    this.#writer.sendGeneric(code, true);
  }

  /** A declared body over maxBodySize: answered without the app (the client may still wait for 100 Continue). */
  refuse(code: 413): void {
    this.input.markTooLarge();
    this.#writer.stop();
    this.#writer.sendGeneric(code);
  }

  /** Runs the app. An Array body whose head is known is sent here, without a promise. */
  run(): void {
    const ctx = this.#ctx;
    let result: Body | Promise<Body>;
    let thenable: boolean;
    try {
      result = ctx.app(this.#environ!, this.#start.startResponse);
      if (Array.isArray(result) && this.#start.head !== undefined) {
        this.#sendArray(result);
        return;
      }
      // Inside the try: a getter or a revoked Proxy can throw here too.
      thenable = isThenable(result);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (ctx.requestTimeout !== Infinity) this.#timer = setTimeout(Exchange.#onTimeout, ctx.requestTimeout, this);
    if (ctx.onResponse === undefined) this.#watchClose();
    if (!thenable) {
      this.#useBody(result as Body);
      return;
    }
    // Promise.resolve tames a hand-made thenable: a then() that throws becomes a
    // rejection, and one that calls back twice is only listened to once.
    Promise.resolve(result).then(
      (body) => this.#useBody(body),
      (error: unknown) => this.fail(error),
    );
  }

  /** An app error (thrown, rejected, or a broken body): a generic 500 before the head, an abort after it. */
  fail(error: unknown): void {
    const writer = this.#writer;
    if (writer.stopped) {
      // Already answered (timeout) or the client left: only log what is news.
      if (!this.#res.destroyed) this.#logError("error after the response was finished", error);
      this.#finishBody();
      return;
    }
    writer.stop();
    this.#error = error;
    const clientGone = this.#res.destroyed || this.#req.socket.destroyed;
    // A body over a limit (maxBodySize, or readBody's own) is the client's fault: 413, not a 500.
    const tooLarge = isInstance(error, BodyTooLargeError);
    if (tooLarge) this.input.markTooLarge();
    if (!clientGone && !tooLarge) this.#logError("error in the app", error);
    this.#answerInstead(tooLarge ? 413 : 500);
    this.#finishBody();
  }

  #watchClose(): void {
    this.#holding = true;
    hold(this.#ctx);
    const res = this.#res;
    if (this.#req.socket.destroyed) {
      // The connection died while the request waited for its turn in the
      // listener's queue: its 'close' has been and gone.
      queueMicrotask(() => this.#onResponseClose());
      return;
    }
    res.once("close", () => this.#onResponseClose());
    if (res.socket == null) {
      // Pipelined behind an earlier response: if the connection dies before
      // this response gets it, node never emits this response's 'close'.
      const socket = this.#req.socket;
      const onSocketClose = (): void => this.#onResponseClose();
      socket.once("close", onSocketClose);
      res.once("close", () => socket.removeListener("close", onSocketClose));
    }
  }

  #useBody(body: Body): void {
    try {
      if (!this.#writer.stopped && Array.isArray(body) && this.#start.head !== undefined) {
        this.#sendArray(body);
        return;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.#body = new ResponseBody(body);
    if (this.#writer.stopped) this.#finishBody();
    else this.#pullFirst();
  }

  /**
   * The fast path: every byte is known, so the head goes out with a
   * Content-Length and the bytes in the same write. The driver still checks
   * the chunks and the app's Content-Length first: nothing is sent yet, so a
   * broken body gets a clean 500.
   */
  #sendArray(array: Chunk[]): void {
    const head = this.#start.head!;
    const body = (this.#body = new ResponseBody(array));
    const writer = this.#writer;
    const noBody = writer.isHead || statusHasNoBody(head.code);
    try {
      const total = measure(body, noBody ? -1 : head.contentLength);
      this.#start.markSent();
      writer.sendWhole(head, array, total, noBody);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.input.abandon();
    this.#finishBody();
  }

  /** Pulls until the head can go out (SPEC §5.5); a sync body gives its chunk at once. */
  #pullFirst(): void {
    let step: MaybePromise<BodyStep>;
    try {
      step = this.#body!.first(this.#start, this.#writer.isHead ? noBodyForHead : noBodyForGet);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!(step instanceof Promise)) {
      this.#sendFirst(step);
      return;
    }
    step.then(
      (chunk) => this.#sendFirst(chunk),
      (error: unknown) => this.fail(error),
    );
  }

  /** The head is known: it goes out alone (no body, or an empty one) or with the first chunk. */
  #sendFirst(chunk: BodyStep): void {
    const writer = this.#writer;
    if (writer.stopped) {
      this.#finishBody();
      return;
    }
    const head = this.#start.head!;
    const body = this.#body!;
    try {
      if (writer.isHead || statusHasNoBody(head.code)) {
        // HEAD, 204, 304 (maybe known only now, from a lazy start): the headers are all there is.
        this.#start.markSent();
        writer.endWithoutBody(head);
        this.#finishBody();
        return;
      }
      body.expectLength(head.contentLength);
      // An empty body with a declared length fails here, before the head: a clean 500.
      if (chunk === undefined) body.checkComplete();
      this.#start.markSent();
      writer.sendHead(head, chunk === undefined ? 0 : -1);
      this.#streamFrom(chunk === undefined ? chunk : body.admit(chunk));
    } catch (error) {
      this.#failed(error);
    }
  }

  /** Writes `chunk` (undefined: the end; NEXT: none, after 'drain'), then streams on. */
  #streamFrom(chunk: BodyStep | typeof NEXT): void {
    try {
      if (chunk === NEXT || this.#write(chunk)) this.#pullLoop();
    } catch (error) {
      this.#failed(error);
    }
  }

  /** Sync steps in a loop, async ones as they settle, never past a full connection. Throws the body's errors. */
  #pullLoop(): void {
    const body = this.#body!;
    for (;;) {
      if (this.#writer.stopped) {
        this.#finishBody();
        return;
      }
      const step = body.next();
      if (step instanceof Promise) {
        step.then(
          (chunk) => this.#streamFrom(chunk),
          (error: unknown) => this.#failed(error),
        );
        return;
      }
      if (!this.#write(step)) return;
    }
  }

  /** Writes a chunk, or ends at undefined. True to pull the next one now; false when the end, a stop or 'drain' takes over. */
  #write(chunk: BodyStep): boolean {
    const writer = this.#writer;
    if (writer.stopped || chunk === undefined) {
      if (!writer.stopped) writer.end();
      this.#finishBody();
      return false;
    }
    if (writer.write(chunk)) return true;
    // A slow client slows the app: the next chunk is pulled once the connection drains.
    void writer.drained().then(() => this.#streamFrom(NEXT));
    return false;
  }

  /** A failure while the body streams: a broken Content-Length has its own answer, anything else is an app error. */
  #failed(error: unknown): void {
    if (!this.#writer.stopped && this.#writer.headOut && isInstance(error, ContentLengthError)) this.#lengthBroken(error);
    else this.fail(error);
  }

  /**
   * SPEC [server.content-length]: a body longer than its Content-Length
   * sends what fits, a complete response, and the connection closes after
   * it; a shorter one can only be told by aborting the connection.
   */
  #lengthBroken(error: ContentLengthError): void {
    const writer = this.#writer;
    this.#error = error;
    writer.stop();
    if (error.fits !== undefined) {
      this.#logError("sent only the declared bytes", error);
      writer.endCut(error.fits);
    } else {
      this.#logError("aborting the connection", error);
      writer.abort();
    }
    this.#finishBody();
  }

  /** The server's answer replaces the app's while no head is out; after that, only an abort tells the client. */
  #answerInstead(code: number): void {
    if (this.#writer.headOut) {
      this.#writer.abort();
      return;
    }
    this.#start.markSent();
    this.#writer.sendGeneric(code);
  }

  /** The client left or the timeout fired: nothing more is written and tsgi.signal aborts. */
  #halt(reason: unknown): void {
    this.#writer.stop();
    this.#signal?.abort(reason);
  }

  static #onTimeout(exchange: Exchange): void {
    exchange.#timeout();
  }

  #timeout(): void {
    this.#timer = undefined;
    const res = this.#res;
    if (res.writableFinished || res.destroyed) return;
    const error = new Error(`the response was not finished within ${this.#ctx.requestTimeout} ms`);
    this.#logError("request timeout", error);
    if (this.#writer.stopped) return;
    this.#error = error;
    this.#halt(error);
    this.#answerInstead(503);
    // At once, even while a next() is pending (SPEC [server.disconnect]).
    this.#finishBody();
  }

  #onResponseClose(): void {
    if (this.#responseClosed) return;
    this.#responseClosed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.input.abandon();
    if (!this.#res.writableFinished) {
      // The client went away (or the socket was destroyed) before the end.
      this.#error ??= new Error("the client disconnected before the response was complete");
      this.#halt(this.#error);
      this.#finishBody();
    }
    // A body still to be closed settles this exchange then; an app that has
    // not returned one yet is not waited for.
    if (this.#body === undefined || this.#body.finished) this.#settle();
    this.#report();
  }

  /** The access-log record (ServerOptions.onResponse). */
  #report(): void {
    const onResponse = this.#ctx.onResponse;
    if (onResponse === undefined) return;
    const writer = this.#writer;
    const info = {
      environ: this.#environ!,
      status: writer.status || (this.#start.head?.code ?? 0),
      bytes: writer.bytes,
      durationMs: performance.now() - this.#startedAt,
      ...(this.#error === undefined ? {} : { error: this.#error }),
    };
    try {
      onResponse(info);
    } catch (error) {
      this.#logError("onResponse failed", error);
    }
  }

  /** Ends the body's life once; an async close() holds a graceful close up until it settles. */
  #finishBody(): void {
    const body = this.#body;
    if (body === undefined || body.finished) return;
    const ctx = this.#ctx;
    const closing = body.finish((error, during) => this.#logError(`the body's ${during}() failed`, error));
    if (closing instanceof Promise) {
      hold(ctx);
      void closing.then(() => settle(ctx));
    }
    this.#settle();
  }

  /** This exchange no longer holds a graceful close up (once, however often it is called). */
  #settle(): void {
    if (!this.#holding) return;
    this.#holding = false;
    settle(this.#ctx);
  }

  #logError(what: string, error: unknown): void {
    const where = `${this.#req.method ?? "?"} ${this.#req.url ?? "?"}`;
    try {
      this.#ctx.log(`[tsgi] ${what} (${where}): ${formatError(error)}\n`);
    } catch {
      // A broken log sink must not take the server down.
    }
  }
}

/** Pulls a whole Array body through the driver, which checks each chunk and the Content-Length; returns its length. */
function measure(body: ResponseBody, declared: number): number {
  body.expectLength(declared);
  // An Array is a sync iterable: pull() gives chunks, never promises.
  for (let chunk = body.pull() as BodyStep; chunk !== undefined; chunk = body.pull() as BodyStep) body.admit(chunk);
  body.checkComplete();
  return body.produced;
}

/** `instanceof` throws for a revoked Proxy, and a thrown value may be one. */
function isInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}
