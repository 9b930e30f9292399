import { isAsyncIterable } from "./close-body.js";
import { describeValue } from "./describe-value.js";
import type { ResponseStart } from "./response-start.js";
import type { Body } from "./types.js";
import { isThenable } from "./is-thenable.js";
import { SETTLED } from "./settled.js";

/** A chunk of the body, or undefined once it has ended. */
export type BodyStep = Uint8Array | undefined;

/** Either a value now or a promise of it: sync bodies are driven without a microtask per chunk. */
export type MaybePromise<T> = T | Promise<T>;

/** Why a body's close() or its iterator's return() failed; the driver never throws these. */
export type FinishErrorHandler = (error: unknown, during: "return" | "close") => void;

export const MISSING_START_RESPONSE = "the app returned a body without calling startResponse (SPEC §5.5)";

/** The body produced more or fewer bytes than its Content-Length (SPEC [server.content-length]). */
export class ContentLengthError extends Error {
  override name = "ContentLengthError";
  /** For a body that went past its length: the part of the last chunk that still fits (maybe empty). */
  readonly fits: Uint8Array | undefined;

  constructor(
    readonly declared: number,
    readonly produced: number,
    fits?: Uint8Array,
  ) {
    super(
      fits !== undefined
        ? `the body is longer than the ${declared} bytes of its Content-Length (${produced} bytes so far)`
        : `the body ended after ${produced} of the ${declared} bytes of its Content-Length`,
    );
    this.fits = fits;
  }
}

// Consecutive empty chunks after which the driver gives the event loop a turn:
// they write nothing, so nothing waits, and a body of only them would starve
// timers, disconnects and every other request.
const EMPTY_RUN_LIMIT = 1024;

type ChunkIterator = Iterator<unknown> | AsyncIterator<unknown>;

const nextTurn: (resolve: () => void) => void =
  typeof setImmediate === "function" ? (resolve) => setImmediate(resolve) : (resolve) => setTimeout(resolve, 0);

/**
 * The server's side of an app's body (SPEC §6, §8), written once for every
 * server, bridge and test harness: pulls to the first non-empty chunk before
 * the headers go out, checks each chunk and the declared Content-Length,
 * and ends the body's life exactly once — `return()` on an unfinished
 * iterator, then `close()`. A sync iterable is driven without awaiting, so
 * each method returns a value, or a promise only when the body is async.
 * Each transport keeps only how it writes bytes and learns of a disconnect.
 */
export class ResponseBody {
  readonly #body: Body;
  #iterator: ChunkIterator | undefined;
  #sync = false;
  /** The iterator ended, threw, or was returned: no return() is due. */
  #exhausted = false;
  #finished = false;
  #pulling = false;
  #closing: MaybePromise<void> = undefined;
  #returning: Promise<void> | undefined;
  /** The Content-Length being enforced, or -1 for none (as in ResponseHead). */
  #declared = -1;
  #produced = 0;
  #emptyRun = 0;

  constructor(body: Body) {
    this.#body = body;
  }

  /** Bytes admitted so far. */
  get produced(): number {
    return this.#produced;
  }

  /** True once finish() ran: the body's close() has been called. */
  get finished(): boolean {
    return this.#finished;
  }

  /** True while a next() of the body's iterator is pending. */
  get pulling(): boolean {
    return this.#pulling;
  }

  /** The iterator's return(), when finish() called one that answered with a promise; never rejects. */
  get returning(): Promise<void> | undefined {
    return this.#returning;
  }

  /** Enforces a Content-Length from now on (-1: none, as `checkResponseHead` gives it); bytes admitted so far count. */
  expectLength(declared: number): void {
    this.#declared = declared;
  }

  /** The next raw chunk, maybe empty, or undefined at the end (or once finished). */
  pull(): MaybePromise<BodyStep> {
    if (this.#exhausted || this.#finished) return undefined;
    const iterator = (this.#iterator ??= this.#iterate());
    let step: IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
    try {
      step = iterator.next();
    } catch (error) {
      this.#exhausted = true; // a throwing iterator is finished: there is nothing to return()
      throw error;
    }
    if (this.#sync) return this.#chunkOf(step as IteratorResult<unknown>);
    this.#pulling = true;
    return Promise.resolve(step).then(
      (result) => {
        this.#pulling = false;
        return this.#finished ? undefined : this.#chunkOf(result);
      },
      (error: unknown) => {
        this.#pulling = false;
        this.#exhausted = true;
        throw error;
      },
    );
  }

  /**
   * Pulls until the headers can go out (SPEC §5.5): resolves to the first
   * non-empty chunk, or undefined when the body ended or `noBody(head)` says
   * the response carries none (HEAD, 204, 304), checked before every pull.
   * Throws when bytes come, or the body ends, before startResponse.
   */
  first<H>(start: ResponseStart<H>, noBody: (head: H) => boolean): MaybePromise<BodyStep> {
    for (;;) {
      const head = start.head;
      if (head !== undefined && noBody(head)) return undefined;
      const chunk = this.pull();
      if (chunk instanceof Promise) return this.#firstAfter(chunk, start, noBody);
      if (chunk === undefined || chunk.byteLength > 0) return this.#started(chunk, start);
      if (this.#longEmptyRun()) return this.#firstAfter(this.#turn(), start, noBody);
    }
  }

  /** The next non-empty chunk, counted against the Content-Length, or undefined at the end. */
  next(): MaybePromise<BodyStep> {
    for (;;) {
      const chunk = this.pull();
      if (chunk instanceof Promise) return this.#nextAfter(chunk);
      if (chunk === undefined) return this.#ended();
      if (chunk.byteLength > 0) return this.admit(chunk);
      if (this.#longEmptyRun()) return this.#nextAfter(this.#turn());
    }
  }

  /** Counts a chunk about to be sent; throws a ContentLengthError (with what fits) past the Content-Length. */
  admit(chunk: Uint8Array): Uint8Array {
    this.#emptyRun = 0;
    const declared = this.#declared;
    const produced = this.#produced + chunk.byteLength;
    if (declared !== -1 && produced > declared) {
      const fits = chunk.subarray(0, Math.max(0, declared - this.#produced));
      this.#produced = declared;
      this.#declared = -1;
      throw new ContentLengthError(declared, produced, fits);
    }
    this.#produced = produced;
    return chunk;
  }

  /** Throws a ContentLengthError when the body ended short of its Content-Length. */
  checkComplete(): void {
    const declared = this.#declared;
    if (declared !== -1 && this.#produced < declared) {
      this.#declared = -1;
      throw new ContentLengthError(declared, this.#produced);
    }
  }

  /**
   * Ends the body's life, once (later calls return the first call's result):
   * return() on an unfinished iterator, so a generator's finally blocks run,
   * then close(). return() is not awaited — a pending next() cannot be
   * interrupted, and close() must not wait for it (SPEC [server.disconnect]).
   * With `returnFirst`, close() waits for an async iterator's return() when
   * no next() is pending, so an async generator's finally runs before
   * close(); with one pending it still closes at once. A sync body is
   * finished without a promise. Resolves, never rejects, when close() has
   * settled; failures go to `onError`.
   */
  finish(onError: FinishErrorHandler, options?: { returnFirst?: boolean }): MaybePromise<void> {
    if (this.#finished) return this.#closing;
    this.#finished = true;
    this.#declared = -1;
    let returned: Promise<void> | undefined;
    if (!this.#exhausted) {
      this.#exhausted = true;
      returned = this.#returnIterator(onError);
    }
    const waitForReturn = returned !== undefined && options?.returnFirst === true && !this.#pulling;
    this.#closing = waitForReturn ? returned!.then(() => this.#close(onError)) : this.#close(onError);
    return this.#closing;
  }

  #close(onError: FinishErrorHandler): MaybePromise<void> {
    const body = this.#body as { close?: unknown } | null | undefined;
    try {
      if (body == null || typeof body.close !== "function") return undefined;
      const closed: unknown = (body.close as () => unknown)();
      if (closed === SETTLED) return undefined;
      if (isThenable(closed)) return Promise.resolve(closed).then(undefined, (error: unknown) => onError(error, "close"));
    } catch (error) {
      onError(error, "close");
    }
    return undefined;
  }

  /** Calls the iterator's return(); a promise (that never rejects) when it answered with one. */
  #returnIterator(onError: FinishErrorHandler): Promise<void> | undefined {
    const iterator = this.#iterator;
    try {
      const returned: unknown = iterator?.return?.();
      if (isThenable(returned)) {
        this.#returning = Promise.resolve(returned).then(
          () => undefined,
          (error: unknown) => onError(error, "return"),
        );
      }
    } catch (error) {
      onError(error, "return");
    }
    return this.#returning;
  }

  #iterate(): ChunkIterator {
    const body = this.#body as unknown;
    try {
      if (isAsyncIterable(body)) {
        return body[Symbol.asyncIterator]();
      }
      // A string is iterable, but its items are characters, not bytes.
      if (body != null && typeof body !== "string" && typeof (body as Iterable<unknown>)[Symbol.iterator] === "function") {
        this.#sync = true;
        return (body as Iterable<unknown>)[Symbol.iterator]();
      }
    } catch (error) {
      this.#exhausted = true;
      throw error;
    }
    this.#exhausted = true;
    throw new TypeError(`the app returned ${describeValue(body)}, expected an iterable of Uint8Array chunks (SPEC §6)`);
  }

  #chunkOf(step: IteratorResult<unknown>): BodyStep {
    if (step.done === true) {
      this.#exhausted = true;
      return undefined;
    }
    const value = step.value;
    if (value instanceof Uint8Array) return value;
    throw new TypeError(`the app's body yielded ${describeValue(value)}; chunks must be Uint8Array (SPEC §6)`);
  }

  #started<H>(chunk: BodyStep, start: ResponseStart<H>): BodyStep {
    if (start.head === undefined) throw new Error(MISSING_START_RESPONSE);
    this.#emptyRun = 0;
    return chunk;
  }

  #ended(): undefined {
    this.checkComplete();
    return undefined;
  }

  async #firstAfter<H>(pending: Promise<BodyStep>, start: ResponseStart<H>, noBody: (head: H) => boolean): Promise<BodyStep> {
    for (let chunk = await pending; ; chunk = await this.#pullEmptyRun()) {
      // Finished while it waited (the client left, a timeout): no head is due any more.
      if (this.#finished) return undefined;
      if (chunk === undefined || chunk.byteLength > 0) return this.#started(chunk, start);
      const head = start.head;
      if (head !== undefined && noBody(head)) return undefined;
    }
  }

  async #nextAfter(pending: Promise<BodyStep>): Promise<BodyStep> {
    for (let chunk = await pending; ; chunk = await this.#pullEmptyRun()) {
      if (chunk === undefined) return this.#ended();
      if (chunk.byteLength > 0) return this.admit(chunk);
    }
  }

  /** Counts one more empty chunk; true when the run is long enough to give the event loop a turn. */
  #longEmptyRun(): boolean {
    return ++this.#emptyRun >= EMPTY_RUN_LIMIT;
  }

  /** The next pull after an empty chunk, with a macrotask turn once the run is long (for async bodies too). */
  #pullEmptyRun(): MaybePromise<BodyStep> {
    return this.#longEmptyRun() ? this.#turn() : this.pull();
  }

  /** One macrotask, then an empty step (the empty run starts over). */
  async #turn(): Promise<BodyStep> {
    this.#emptyRun = 0;
    await new Promise<void>(nextTurn);
    return new Uint8Array(0);
  }
}
