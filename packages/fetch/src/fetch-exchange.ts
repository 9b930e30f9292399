import {
  createStartResponse,
  formatError,
  ResponseBody,
  statusCode,
  statusHasNoBody,
  type App,
  type Environ,
  type ErrorStream,
  type FinishErrorHandler,
  type StartedHead,
} from "@tsgi/core";
import { bufferedResponse } from "./buffered-response.js";
import { ClientGone, GONE } from "./client-gone.js";
import { acceptHead, plainResponse, toFetchHead, type FetchHead } from "./fetch-head.js";
import { streamResponse } from "./fetch-response-stream.js";
import type { HeaderEncoding } from "./header-bytes.js";

/** The headers are final: what they are, and the first non-empty chunk (undefined: the body ended without one). */
interface Started {
  head: FetchHead;
  first: Uint8Array | undefined;
}

// close() waits for the iterator's return() unless a next() is pending, so an
// async generator body's finally runs before its close().
const RETURN_FIRST = { returnFirst: true } as const;

/**
 * One request through the fetch bridge, on core's response driver
 * (ResponseStart, ResponseBody): the driver keeps the protocol's rules, and
 * this keeps what is the bridge's own — a Response as the way bytes go out,
 * a 500 or an errored stream as the way it fails, and ClientGone as the way
 * it learns that the client left.
 */
export class FetchExchange {
  readonly client: ClientGone;
  readonly #environ: Environ;
  readonly #errors: ErrorStream;
  readonly #start = createStartResponse(acceptHead);
  #body: ResponseBody | undefined;
  /** The app returned an Array: every chunk is in memory already. */
  #inMemory = false;

  constructor(environ: Environ, request: Request, errors: ErrorStream) {
    this.#environ = environ;
    this.#errors = errors;
    this.client = new ClientGone(request.signal as AbortSignal | undefined);
    environ["tsgi.signal"] = this.client.signal;
  }

  /** The app's body, once the app returned it. */
  get body(): ResponseBody {
    return this.#body!;
  }

  /** Calls the app and answers with its response. */
  async respond(app: App, isHead: boolean, encoding: HeaderEncoding): Promise<Response> {
    const started = await this.#begin(app, isHead, encoding);
    if (started instanceof Response) return started;
    this.#start.markSent();
    const { head, first } = started;
    const init: ResponseInit = { status: head.code, statusText: head.reason, headers: head.headers };
    if (this.client.left) {
      // Nobody will read this response; the body still gets its close().
      await this.end();
      return new Response(null, { status: head.code, statusText: head.reason });
    }
    if (isHead || statusHasNoBody(head.code)) return this.#withoutBody(init);
    this.body.expectLength(head.declaredLength);
    if (first === undefined) return this.#endedEmpty(init);
    return this.#inMemory ? bufferedResponse(this, first, init) : streamResponse(this, first, init);
  }

  /** The response is over, or nobody wants it: tsgi.signal settles, and the body's return() and close() run, once. */
  async end(): Promise<void> {
    this.client.dispose();
    await this.#body?.finish(this.#onFinishError, RETURN_FIRST);
  }

  /** Logs an error to tsgi.errors, with its stack. */
  log(what: string, error: unknown): void {
    this.#errors.write(`tsgi: ${what}: ${formatError(error)}\n`);
  }

  readonly #onFinishError: FinishErrorHandler = (error, during) => this.log(`the response body's ${during}() failed`, error);

  /** Calls the app and pulls to the first non-empty chunk (SPEC §5.5); a Response when it cannot go on. */
  async #begin(app: App, isHead: boolean, encoding: HeaderEncoding): Promise<Started | Response> {
    const noBody = (head: StartedHead): boolean => isHead || statusHasNoBody(statusCode(head.status));
    try {
      const body = await app(this.#environ, this.#start.startResponse);
      this.#body = new ResponseBody(body);
      this.#inMemory = Array.isArray(body);
      const pending = this.#body.first(this.#start, noBody);
      const first = pending instanceof Promise ? await this.client.race(pending) : pending;
      if (first === GONE) {
        await this.end();
        return new Response(null, { status: 500 });
      }
      return { head: toFetchHead(this.#start.head!, encoding), first };
    } catch (error) {
      this.log("the app failed before sending headers", error);
      await this.end();
      return plainResponse(500);
    }
  }

  async #withoutBody(init: ResponseInit): Promise<Response> {
    await this.end();
    return new Response(null, init);
  }

  /** The body ended before its first byte: an empty response, unless its Content-Length promised bytes. */
  async #endedEmpty(init: ResponseInit): Promise<Response> {
    try {
      this.body.checkComplete();
    } catch (error) {
      // A clean empty response would lie about the bytes the app promised.
      this.log("the app sent fewer bytes than its Content-Length", error);
      await this.end();
      return plainResponse(500);
    }
    return this.#withoutBody(init);
  }
}
