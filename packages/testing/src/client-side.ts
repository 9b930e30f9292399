import type { Environ, HeaderList } from "@tsgi/core";
import type { InProcessResponse } from "./serve-in-process.js";

/**
 * The client's end of one request's protocol keys (SPEC §3.3): the
 * `tsgi.signal` a server aborts when the client leaves, and the
 * `tsgi.early_hints` whose 103 responses the client records.
 */
export class ClientSide {
  readonly #controller = new AbortController();
  /** The header lists of the 103 responses, in order. */
  readonly earlyHints: HeaderList[] = [];
  /** Set once the final response's headers are out: later hints are dropped, as a server must. */
  headersSent = false;

  /** Puts both keys in the environ, before the environ hooks run (so a test can delete them). */
  install(environ: Environ): void {
    environ["tsgi.signal"] = this.#controller.signal;
    // A server cannot send a 1xx to an HTTP/1.0 client (RFC 9110 §15.2), so the key is absent there.
    if (environ.SERVER_PROTOCOL === "HTTP/1.0") return;
    environ["tsgi.early_hints"] = (headers: HeaderList) => {
      if (this.headersSent || !Array.isArray(headers)) return;
      this.earlyHints.push(headers.map(([name, value]) => [name, value]));
    };
  }

  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  /** The client left: tsgi.signal aborts with `reason` (first call only). */
  abort(reason: unknown = new Error("the client disconnected before the response was complete")): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  /**
   * Waits for the response headers unless `signal` aborts first: then the
   * request rejects with its reason, tsgi.signal aborts, and the body the app
   * returns later is closed unread.
   */
  untilHeaders(work: Promise<InProcessResponse>, signal: AbortSignal | undefined): Promise<InProcessResponse> {
    if (signal === undefined) return work;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.abort(signal.reason);
        reject(signal.reason);
        work.then((exchange) => exchange.body.cancel(), () => {}).catch(() => {});
      };
      signal.addEventListener("abort", onAbort, { once: true });
      work.then(
        (exchange) => {
          signal.removeEventListener("abort", onAbort);
          resolve(exchange);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  /** After the headers: `signal` aborting is the client leaving mid-body. Returns the unlink function. */
  linkBody(exchange: InProcessResponse, signal: AbortSignal | undefined): () => void {
    if (signal === undefined) return () => {};
    const onAbort = (): void => {
      // Leaving after the body's end is no disconnect: the response was complete.
      if (exchange.body.closed) return;
      this.abort(signal.reason);
      exchange.body.cancel().catch(() => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
    return () => signal.removeEventListener("abort", onAbort);
  }
}
