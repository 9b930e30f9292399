import type { IncomingMessage, ServerResponse } from "node:http";
import {
  BodyTooLargeError,
  isAsyncIterable,
  statusHasNoBody,
  type App,
  type Body,
  type Chunk,
  type Environ,
  type StartResponse,
} from "@tsgi/core";
import type { DisconnectSignal } from "./disconnect-signal.js";
import { sendGenericResponse } from "./generic-response.js";
import type { BodyReader } from "./node-input.js";
import type { ResolvedOptions } from "./options.js";
import { parseResponseHead, type ResponseHead } from "./response-head.js";

/** Per-listener state shared by every request. */
export interface ListenerContext extends ResolvedOptions {
  app: App;
  /** Set while a graceful close is under way: new responses get `Connection: close`. */
  closing: boolean;
  /** SERVER_PORT when the listener knows its server's port; otherwise read from the socket. */
  serverPort: string | undefined;
  /**
   * Exchanges whose response is still open or whose body is not closed yet,
   * and bodies' close() promises not settled yet: a graceful close waits for them.
   */
  unsettled: Set<unknown>;
  /** Called whenever `unsettled` becomes empty. */
  onSettled: Set<() => void>;
}

function settle(ctx: ListenerContext, item: unknown): void {
  if (!ctx.unsettled.delete(item) || ctx.unsettled.size > 0) return;
  for (const callback of ctx.onSettled) callback();
}

// Bodies up to this size are sent as a latin-1 string (see sendArray).
const SMALL_BODY = 1024;

function latin1(chunk: Uint8Array): string {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
}

// An unread request body bigger than this makes the server close the
// connection after the response instead of reading and discarding the rest.
const DRAIN_LIMIT = 64 * 1024;

// Consecutive empty body chunks after which the pump gives the event loop a turn.
const EMPTY_RUN_LIMIT = 1024;

/**
 * One request/response exchange. It drives the app's body into the node
 * response and guarantees the SPEC's server obligations: the body's close()
 * runs exactly once, errors before the first byte give a generic 500,
 * errors after it abort the connection, and Content-Length is never exceeded.
 */
export class Exchange implements BodyReader {
  readonly ctx: ListenerContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly isHead: boolean;
  environ: Environ | undefined;
  /** What startResponse last set. */
  head: ResponseHead | undefined;
  headersSent = false;
  body: Body | undefined;
  bodyClosed = false;
  /** onResponseClose ran. */
  responseClosed = false;
  /** Nothing more may be written: the client left, the app failed, or the timeout answered. */
  stopped = false;
  bytes = 0;
  sentStatus = 0;
  error: unknown = undefined;
  startedAt = 0;
  timer: NodeJS.Timeout | undefined;
  /** Resolves a pending wait for 'drain' when the exchange stops. */
  wake: (() => void) | undefined;
  /** An iterator next() is pending, so close() must not wait for the pump. */
  pulling = false;
  iterator: Iterator<Chunk> | AsyncIterator<Chunk> | undefined;
  iteratorDone = false;
  // BodyReader
  continuePending: boolean;
  hasBody = false;
  bodyBytesRead = 0;
  bodyEnded = false;
  bodyTooLarge = false;
  abandonBody: ((error: Error) => void) | undefined = undefined;
  /** Feeds tsgi.signal: aborted when the client leaves early or the timeout fires. */
  disconnect: DisconnectSignal | undefined = undefined;

  readonly startResponse: StartResponse;

  constructor(ctx: ListenerContext, req: IncomingMessage, res: ServerResponse, continuePending: boolean) {
    this.ctx = ctx;
    this.req = req;
    this.res = res;
    this.isHead = req.method === "HEAD";
    this.continuePending = continuePending;
    this.startResponse = (status, headers, excInfo) => {
      if (excInfo !== undefined) {
        // SPEC §5.4: once bytes are out the status cannot change; the app sees its own error again.
        if (this.headersSent) throw excInfo;
      } else if (this.head !== undefined) {
        throw new Error("startResponse was called a second time without excInfo (SPEC §5.4)");
      }
      this.head = parseResponseHead(status, headers);
    };
  }

  /** Runs the app. The sync-array case finishes here without a promise. */
  run(environ: Environ): void {
    this.environ = environ;
    const ctx = this.ctx;
    if (ctx.onResponse !== undefined) {
      this.startedAt = performance.now();
      this.watchClose();
    }
    let result: Body | Promise<Body>;
    let thenable: boolean;
    try {
      result = ctx.app(environ, this.startResponse);
      if (Array.isArray(result) && this.head !== undefined) {
        this.body = result;
        this.sendArray(result);
        return;
      }
      // Inside the try: a getter or a revoked Proxy can throw here too.
      thenable = result != null && typeof (result as Promise<Body>).then === "function";
    } catch (error) {
      this.fail(error);
      return;
    }
    if (ctx.requestTimeout !== Infinity) this.timer = setTimeout(onTimeout, ctx.requestTimeout, this);
    if (ctx.onResponse === undefined) this.watchClose();
    if (thenable) {
      // Promise.resolve tames a hand-made thenable: a then() that throws becomes a
      // rejection, and one that calls back twice is only listened to once.
      Promise.resolve(result).then(
        (body) => this.useBody(body),
        (error: unknown) => this.fail(error),
      );
    } else {
      this.useBody(result as Body);
    }
  }

  watchClose(): void {
    this.ctx.unsettled.add(this);
    const res = this.res;
    if (this.req.socket.destroyed) {
      // The connection died while the request waited for its turn in the
      // listener's queue: its 'close' has been and gone.
      queueMicrotask(() => this.onResponseClose());
      return;
    }
    res.once("close", () => this.onResponseClose());
    if (res.socket == null) {
      // Pipelined behind an earlier response: if the connection dies before
      // this response gets it, node never emits this response's 'close'.
      const socket = this.req.socket;
      const onSocketClose = (): void => this.onResponseClose();
      socket.once("close", onSocketClose);
      res.once("close", () => socket.removeListener("close", onSocketClose));
    }
  }

  useBody(body: Body): void {
    this.body = body;
    if (this.stopped) {
      this.closeBody();
      return;
    }
    try {
      if (Array.isArray(body) && this.head !== undefined) {
        this.sendArray(body);
        return;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    void this.pump();
  }

  /** The fast path: every byte is known, so send it with a Content-Length in one go. */
  sendArray(body: Chunk[] & { close?: () => void | Promise<void> }): void {
    const head = this.head!;
    let total = 0;
    for (let i = 0; i < body.length; i++) {
      const chunk = body[i];
      if (!(chunk instanceof Uint8Array)) {
        this.fail(new TypeError(`body chunk ${i} is ${describe(chunk)}, not a Uint8Array (SPEC §6)`));
        return;
      }
      total += chunk.byteLength;
    }
    const noBody = this.isHead || statusHasNoBody(head.code);
    if (!noBody && head.contentLength !== -1 && head.contentLength !== total) {
      // Nothing is sent yet, so the client can get a clean 500 instead of a broken body.
      this.fail(new Error(`Content-Length is ${head.contentLength} but the body has ${total} bytes`));
      return;
    }
    try {
      // An empty HEAD body says nothing about the GET length, so it gets no Content-Length.
      this.sendHead(statusHasNoBody(head.code) || (this.isHead && total === 0) ? -1 : total);
    } catch (error) {
      this.fail(error);
      return;
    }
    const res = this.res;
    if (noBody || total === 0) {
      res.end();
    } else if (body.length === 1) {
      this.bytes = total;
      const chunk = body[0]!;
      // node writes a string body in one write together with the headers,
      // but a Uint8Array as a second buffer of a writev. For small bodies the
      // lossless latin-1 round trip is cheaper than that extra buffer.
      if (total <= SMALL_BODY) res.end(latin1(chunk), "latin1");
      else res.end(chunk);
    } else {
      this.bytes = total;
      // Corked, all chunks leave in one writev with the headers.
      res.socket?.cork();
      for (let i = 0; i < body.length; i++) if (body[i]!.byteLength > 0) res.write(body[i]);
      res.end();
    }
    if (this.abandonBody !== undefined) this.abandonInput();
    if (typeof body.close === "function") {
      this.closeBody();
    } else {
      this.bodyClosed = true;
      settle(this.ctx, this);
    }
  }

  /** The response is over: a read of tsgi.input still pending or made later fails (SPEC [input.unread]). */
  abandonInput(): void {
    if (this.bodyEnded) return;
    this.abandonBody?.(new Error("the response is over: the rest of the request body can no longer be read"));
  }

  /** Streams any other body, waiting for 'drain' so a slow client slows the app. */
  async pump(): Promise<void> {
    const body = this.body as Body;
    if (this.head !== undefined && this.noBody()) {
      // HEAD, 204, 304: the headers are all there is; the body is closed unread.
      try {
        this.endWithoutBody();
      } catch (error) {
        this.fail(error);
        return;
      }
      this.finishBody();
      return;
    }
    let iterator: Iterator<Chunk> | AsyncIterator<Chunk>;
    let isAsync: boolean;
    try {
      isAsync = isAsyncIterable(body);
      if (!isAsync && (body == null || typeof (body as Iterable<Chunk>)[Symbol.iterator] !== "function")) {
        throw new TypeError(`the app returned ${describe(body)}, not an iterable body (SPEC §6)`);
      }
      iterator = isAsync
        ? (body as AsyncIterable<Chunk>)[Symbol.asyncIterator]()
        : (body as Iterable<Chunk>)[Symbol.iterator]();
    } catch (error) {
      this.fail(error);
      return;
    }
    this.iterator = iterator;
    let emptyRun = 0;
    try {
      for (;;) {
        this.pulling = true;
        let step: IteratorResult<Chunk>;
        try {
          step = isAsync ? await iterator.next() : (iterator as Iterator<Chunk>).next();
        } catch (error) {
          // A throwing iterator is finished: there is nothing to return().
          this.iteratorDone = true;
          throw error;
        } finally {
          this.pulling = false;
        }
        if (this.stopped) break;
        if (step.done === true) {
          this.iteratorDone = true;
          this.endBody();
          break;
        }
        const chunk = step.value;
        if (!(chunk instanceof Uint8Array)) {
          throw new TypeError(`the body yielded ${describe(chunk)}, not a Uint8Array (SPEC §6)`);
        }
        if (chunk.byteLength === 0) {
          // Empty chunks write nothing, so nothing ever waits: a body yielding
          // only them would starve the event loop (timeouts, disconnects and
          // every other request) unless the server lets it turn now and then.
          if (++emptyRun === EMPTY_RUN_LIMIT) {
            emptyRun = 0;
            await new Promise<void>((resolve) => setImmediate(resolve));
            if (this.stopped) break;
          }
          continue;
        }
        emptyRun = 0;
        if (!this.headersSent) {
          if (this.head === undefined) {
            throw new Error("the body yielded bytes before the app called startResponse (SPEC §5.5)");
          }
          if (this.noBody()) {
            // HEAD or 204/304 with a lazily started response: the headers are known now.
            this.endWithoutBody();
            break;
          }
          this.sendHead(-1);
        }
        if (!this.write(chunk)) {
          if (this.stopped) break;
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.res.once("drain", resolve);
          });
          this.wake = undefined;
          if (this.stopped) break;
        }
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.finishBody();
  }

  /**
   * Ends the body's life: return() on an iterator left unfinished (so a
   * generator's finally blocks run, as a for-of break would), then close(),
   * each exactly once. Safe while a next() is still pending: a stream waiting
   * for events that never come must not delay close().
   */
  finishBody(): void {
    const iterator = this.iterator;
    if (iterator !== undefined && !this.iteratorDone) {
      this.iteratorDone = true;
      try {
        const result = iterator.return?.();
        if (result != null && typeof (result as Promise<unknown>).then === "function") {
          (result as Promise<unknown>).then(undefined, (error: unknown) => this.logError("the body's return() failed", error));
        }
      } catch (error) {
        this.logError("the body's return() failed", error);
      }
    }
    this.closeBody();
  }

  noBody(): boolean {
    return this.isHead || statusHasNoBody(this.head!.code);
  }

  endWithoutBody(): void {
    this.sendHead(-1);
    this.res.end();
  }

  /** The body ran out: end normally, or fail if it fell short of its Content-Length. */
  endBody(): void {
    if (!this.headersSent) {
      if (this.head === undefined) throw new Error("the app returned a body without calling startResponse (SPEC §5.5)");
      const declared = this.head.contentLength;
      if (declared > 0) throw new Error(`Content-Length is ${declared} but the body is empty`);
      this.sendHead(0);
      this.res.end();
      return;
    }
    const declared = this.head!.contentLength;
    if (declared !== -1 && this.bytes < declared) {
      this.stopped = true;
      this.error = new Error(`the body ended after ${this.bytes} of ${declared} bytes given in Content-Length`);
      this.logError("aborting the connection", this.error);
      this.abort();
      return;
    }
    this.res.end();
  }

  /** Writes a chunk, never past the app's Content-Length. Returns false to wait for 'drain' or stop. */
  write(chunk: Chunk): boolean {
    const declared = this.head!.contentLength;
    if (declared !== -1 && this.bytes + chunk.byteLength > declared) {
      const room = declared - this.bytes;
      if (room > 0) this.res.write(chunk.subarray(0, room));
      this.bytes = declared;
      this.stopped = true;
      this.error = new Error(`the body is longer than the ${declared} bytes given in Content-Length`);
      this.logError("sent only the declared bytes", this.error);
      // The client got a complete response; do not reuse a connection to a misbehaving app.
      this.res.end();
      this.res.once("finish", () => this.req.socket.end());
      return false;
    }
    this.bytes += chunk.byteLength;
    return this.res.write(chunk);
  }

  /** Writes the status line and headers. Throws (nothing sent) when node rejects them. */
  sendHead(contentLength: number): void {
    const head = this.head!;
    // flat was made for this exchange by parseResponseHead, so it may be extended in place.
    const headers = head.flat;
    if (contentLength !== -1 && head.contentLength === -1) headers.push("Content-Length", String(contentLength));
    if (this.ctx.closing || this.mustClose()) headers.push("Connection", "close");
    this.res.writeHead(head.code, head.reason, headers);
    this.headersSent = true;
    this.sentStatus = head.code;
  }

  /**
   * Node reads and discards a request body the app left unread before the
   * next request on the connection; for a big or unbounded one it is cheaper
   * to close the connection than to swallow the upload.
   */
  mustClose(): boolean {
    if (!this.hasBody || this.bodyEnded || this.req.complete) return false;
    if (this.continuePending) return false; // node closes by itself when 100 was never sent
    const declared = this.environ?.CONTENT_LENGTH;
    if (this.bodyTooLarge || declared === undefined) return true;
    return Number(declared) - this.bodyBytesRead > DRAIN_LIMIT;
  }

  /**
   * Breaks the connection so the client can tell the response is incomplete
   * (never a clean chunked end). What was already written goes out first:
   * node corks the socket until the next tick, and destroy() would drop it.
   */
  abort(): void {
    this.res.socket?.uncork();
    this.res.destroy();
  }

  /** An app error (thrown, rejected, or a broken body). */
  fail(error: unknown): void {
    if (this.stopped) {
      // Already answered (timeout) or the client left: only log what is news.
      if (!this.res.destroyed) this.logError("error after the response was finished", error);
      this.finishBody();
      return;
    }
    this.stopped = true;
    this.error = error;
    const clientGone = this.res.destroyed || this.req.socket.destroyed;
    // A body over a limit (maxBodySize, or readBody's own) is the client's fault: 413, not a 500.
    const tooLarge = isBodyTooLarge(error);
    if (tooLarge) this.bodyTooLarge = true;
    if (!clientGone && !tooLarge) this.logError("error in the app", error);
    if (!this.headersSent && !this.res.headersSent) {
      this.sendGeneric(tooLarge ? 413 : 500);
    } else {
      // Headers are out: only a broken connection tells the client the body is incomplete.
      this.abort();
    }
    this.finishBody();
  }

  sendGeneric(code: number): void {
    this.headersSent = true;
    this.sentStatus = code;
    this.bytes = sendGenericResponse(this.res, code, this.isHead, this.ctx.closing || this.mustClose());
  }

  timeout(): void {
    this.timer = undefined;
    if (this.res.writableFinished || this.res.destroyed) return;
    const error = new Error(`the response was not finished within ${this.ctx.requestTimeout} ms`);
    this.logError("request timeout", error);
    if (this.stopped) return;
    this.stopped = true;
    this.error = error;
    this.disconnect?.abort(error);
    if (!this.headersSent && !this.res.headersSent) this.sendGeneric(503);
    else this.abort();
    if (this.wake !== undefined) this.wake();
    else if (this.pulling || this.iterator === undefined) this.finishBody();
  }

  onResponseClose(): void {
    if (this.responseClosed) return;
    this.responseClosed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.abandonBody !== undefined) this.abandonInput();
    if (!this.res.writableFinished) {
      // The client went away (or the socket was destroyed) before the end.
      if (this.error === undefined) this.error = new Error("the client disconnected before the response was complete");
      this.stopped = true;
      this.disconnect?.abort(this.error);
      if (this.wake !== undefined) this.wake();
      else if (this.body !== undefined && (this.pulling || this.iterator === undefined)) this.finishBody();
    }
    // A body still to be closed settles this exchange then; an app that has
    // not returned one yet is not waited for.
    if (this.bodyClosed || this.body === undefined) settle(this.ctx, this);
    const onResponse = this.ctx.onResponse;
    if (onResponse === undefined) return;
    const info = {
      environ: this.environ!,
      status: this.sentStatus || (this.head?.code ?? 0),
      bytes: this.bytes,
      durationMs: performance.now() - this.startedAt,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
    try {
      onResponse(info);
    } catch (error) {
      this.logError("onResponse failed", error);
    }
  }

  /** Calls the body's close() exactly once, logging (never throwing) its failure. */
  closeBody(): void {
    if (this.bodyClosed || this.body === undefined) return;
    this.bodyClosed = true;
    const body = this.body;
    try {
      if (body == null || typeof body.close !== "function") return;
      const result = body.close();
      if (result != null && typeof (result as Promise<void>).then === "function") {
        const ctx = this.ctx;
        const settled: Promise<void> = Promise.resolve(result)
          .then(undefined, (error: unknown) => this.logError("the body's close() failed", error))
          .then(() => settle(ctx, settled));
        ctx.unsettled.add(settled);
      }
    } catch (error) {
      this.logError("the body's close() failed", error);
    } finally {
      settle(this.ctx, this);
    }
  }

  logError(what: string, error: unknown): void {
    const where = `${this.req.method ?? "?"} ${this.req.url ?? "?"}`;
    try {
      const detail = describeError(error);
      this.ctx.log(`[tsgi] ${what} (${where}): ${detail}\n`);
    } catch {
      // A broken log sink must not take the server down.
    }
  }
}

function onTimeout(exchange: Exchange): void {
  exchange.timeout();
}

/** `instanceof` throws for a revoked Proxy; a thrown value may be one. */
function isBodyTooLarge(error: unknown): boolean {
  try {
    return error instanceof BodyTooLargeError;
  } catch {
    return false;
  }
}

/** The message and stack of whatever was thrown, even a value whose getters or toString throw. */
function describeError(error: unknown): string {
  try {
    return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  } catch {
    return "(a thrown value that cannot be turned into text)";
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return "a string";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return typeof value;
}
