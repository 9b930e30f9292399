import { collectBody, statusCode, type Environ, type HeaderList } from "@tsgi/core";
import type { ResponseReader } from "./response-reader.js";
import { ResponseHeaders } from "./response-headers.js";
import type { ClientSide } from "./client-side.js";
import type { InProcessResponse } from "./serve-in-process.js";

const utf8 = new TextDecoder();

/** Reads the rest of a body to the end; collectBody's close() becomes the reader's (idempotent) cancel. */
function readAll(reader: ResponseReader): Promise<Uint8Array> {
  return collectBody({ [Symbol.asyncIterator]: () => reader, close: () => reader.cancel() });
}

/** What every response shares, collected or streamed. */
abstract class ResponseBase {
  /** `200` */
  readonly status: number;
  /** The reason phrase: `OK` (empty if the app sent none). */
  readonly statusText: string;
  /** The status string the app passed to startResponse: `200 OK`. */
  readonly statusLine: string;
  readonly headers: ResponseHeaders;
  /** The environ the client built and passed in (the validator gives the app a copy with checked streams). */
  readonly environ: Environ;
  /** The URL of the request that produced this response (the last one, after redirects). */
  readonly url: string;
  /** The responses that redirected here, oldest first (with `followRedirects`). */
  readonly redirects: readonly TestResponse[];
  /** The app's error, when `catchErrors` turned it into this 500. */
  readonly error: unknown;
  /** The header lists of the `103 Early Hints` the app sent through `tsgi.early_hints`, in order. */
  readonly earlyHints: readonly HeaderList[];
  protected readonly reader: ResponseReader;
  readonly #errors: string[];

  constructor(exchange: InProcessResponse, environ: Environ, url: URL, errors: string[], redirects: readonly TestResponse[]) {
    this.statusLine = exchange.status;
    this.status = statusCode(exchange.status);
    this.statusText = exchange.status.slice(4);
    this.headers = new ResponseHeaders(exchange.headers);
    this.environ = environ;
    this.url = url.href;
    this.redirects = redirects;
    this.error = exchange.error;
    this.earlyHints = exchange.side?.earlyHints ?? [];
    this.reader = exchange.body;
    this.#errors = errors;
  }

  /** Everything the app (or the validator in report mode) wrote to `tsgi.errors`. */
  get errors(): string {
    return this.#errors.join("");
  }

  /** True once the client is done with the body and has called its `close()`. */
  get closed(): boolean {
    return this.reader.closed;
  }

  /** How many times the client called the body's `close()`: 1 after a complete response (0 if it has none). */
  get closeCount(): number {
    return this.reader.closeCount;
  }
}

/** A response whose body has been read to the end (and closed). */
export class TestResponse extends ResponseBase {
  /** The body bytes; empty for HEAD, 1xx, 204 and 304. */
  readonly body: Uint8Array;

  /** @internal Use the client: responses are made by it. */
  constructor(
    exchange: InProcessResponse,
    environ: Environ,
    url: URL,
    errors: string[],
    redirects: readonly TestResponse[],
    body: Uint8Array,
  ) {
    super(exchange, environ, url, errors, redirects);
    this.body = body;
  }

  /** Reads the exchange's body to the end, closing it. */
  static async collect(
    exchange: InProcessResponse,
    environ: Environ,
    url: URL,
    errors: string[],
    redirects: readonly TestResponse[],
  ): Promise<TestResponse> {
    return new TestResponse(exchange, environ, url, errors, redirects, await readAll(exchange.body));
  }

  /** The body decoded as UTF-8. */
  text(): string {
    return utf8.decode(this.body);
  }

  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.text()) as T;
  }
}

/**
 * A response whose headers have arrived while the app may still be producing
 * the body: read `chunks` to get each chunk as the app yields it.
 */
export class StreamingResponse extends ResponseBase {
  readonly #side: ClientSide | undefined;

  /** @internal Use the client: responses are made by it. */
  constructor(exchange: InProcessResponse, environ: Environ, url: URL, errors: string[], redirects: readonly TestResponse[], signal?: AbortSignal) {
    super(exchange, environ, url, errors, redirects);
    this.#side = exchange.side;
    this.#side?.linkBody(exchange, signal);
  }

  /** The body chunks, as the app produces them. One pass; the body is closed at the end. */
  get chunks(): AsyncIterable<Uint8Array> {
    return this.reader;
  }

  /**
   * Stops reading, as a client going away does: before the body's end the
   * app's `tsgi.signal` aborts; then the body's `close()` is called.
   */
  cancel(): Promise<void> {
    if (!this.reader.closed) this.#side?.abort();
    return this.reader.cancel();
  }

  /** The client disconnects: `tsgi.signal` aborts with `reason` (unless the body already ended), then as cancel(). */
  abort(reason?: unknown): Promise<void> {
    if (!this.reader.closed) this.#side?.abort(reason);
    return this.reader.cancel();
  }

  /** Reads the rest of the body and closes it. */
  async bytes(): Promise<Uint8Array> {
    return readAll(this.reader);
  }

  /** Reads the rest of the body as UTF-8. */
  async text(): Promise<string> {
    return utf8.decode(await this.bytes());
  }

  /** Reads the rest of the body as JSON. */
  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }
}
