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

/** Returns the object it is given, so a subclass can give that object a private field. */
class Stamped {
  constructor(target: object) {
    // The point: a subclass's fields land on `target`.
    return target;
  }
}

/**
 * Which source an environ's tsgi.signal reads. A private field stamped on the
 * environ is invisible to its keys, its symbols and a spread (SPEC: string
 * keys only) and costs a property's shape transition, where a WeakMap entry
 * cost about 1 µs per request.
 */
class SignalSource extends Stamped {
  readonly #source: DisconnectSignal;

  constructor(environ: Environ, source: DisconnectSignal) {
    super(environ);
    this.#source = source;
  }

  static of(environ: object): DisconnectSignal | undefined {
    return #source in environ ? (environ as SignalSource).#source : undefined;
  }
}

// One shared descriptor: no closure and no descriptor object per request.
const DESCRIPTOR: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: object): AbortSignal | undefined {
    return SignalSource.of(this)?.signal;
  },
  set(this: object, value: unknown) {
    // An app or middleware replacing the key gets a plain data property.
    Object.defineProperty(this, "tsgi.signal", { value, writable: true, enumerable: true, configurable: true });
  },
};

/** Gives `environ` a `tsgi.signal` fed by the returned source. */
export function attachDisconnectSignal(environ: Environ): DisconnectSignal {
  const source = new DisconnectSignal();
  new SignalSource(environ, source);
  Object.defineProperty(environ, "tsgi.signal", DESCRIPTOR);
  return source;
}
