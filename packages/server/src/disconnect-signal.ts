import type { Environ } from "@tsgi/core";

/**
 * The source of one request's `tsgi.signal` (SPEC [environ.signal]). Making
 * an AbortSignal costs more than the rest of a hello-world request's environ,
 * and most apps never look at it, so the signal is only made when the app
 * first reads the key; an abort that came earlier is replayed then.
 */
export class DisconnectSignal {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  get signal(): AbortSignal {
    let controller = this.#controller;
    if (controller === undefined) {
      controller = this.#controller = new AbortController();
      if (this.#aborted) controller.abort(this.#reason);
    }
    return controller.signal;
  }

  /** The client left or the server gave up on the response. Only the first call counts. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

// Which source an environ's key reads. A WeakMap and one shared descriptor keep
// the per-request cost to a defineProperty (no closure, no descriptor object).
const sources = new WeakMap<object, DisconnectSignal>();

const DESCRIPTOR: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: object): AbortSignal | undefined {
    return sources.get(this)?.signal;
  },
  set(this: object, value: unknown) {
    // An app or middleware replacing the key gets a plain data property.
    Object.defineProperty(this, "tsgi.signal", { value, writable: true, enumerable: true, configurable: true });
  },
};

/** Gives `environ` a `tsgi.signal` fed by the returned source. */
export function attachDisconnectSignal(environ: Environ): DisconnectSignal {
  const source = new DisconnectSignal();
  sources.set(environ, source);
  Object.defineProperty(environ, "tsgi.signal", DESCRIPTOR);
  return source;
}
