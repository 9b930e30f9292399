import { InnerBody, type Body, type Chunk, type Environ } from "@tsgi/core";
import { MOUNT_KEY, ROUTING_ARGS_KEY, getRoutingArgs } from "./environ-keys.js";
import type { Candidate } from "./mount-table.js";
import { prefixEnd, prefixSegments, type RequestPath } from "./request-path.js";
import type { RoutingArgs } from "./types.js";

/**
 * What a mount changes on the environ, applied in place and put back.
 * Copying the environ instead would read every key, and a server that makes
 * a key lazily (the reference server's `tsgi.signal`, an AbortSignal that
 * costs microseconds) would pay for it on every dispatched request.
 */
export class MountScope {
  readonly #environ: Environ;
  // The mounted app's view; it keeps what the app itself moved (a router's shiftPathInfo) between steps.
  #scriptName: string;
  #pathInfo: string;
  readonly #args: RoutingArgs | undefined;
  #saved: [scriptName: string, pathInfo: string, args: unknown, hadArgs: boolean] | undefined;
  // Steps overlap (a server calls return() and close() while a next() is pending): only the
  // outermost enter saves and only the last leave puts back.
  #depth = 0;

  constructor(environ: Environ, candidate: Candidate, path: RequestPath) {
    const end = prefixEnd(path, candidate.end);
    this.#environ = environ;
    this.#scriptName = environ.SCRIPT_NAME + path.pathInfo.slice(0, end);
    this.#pathInfo = path.pathInfo.slice(end);
    this.#args = candidate.mount.params === undefined ? undefined : routingArgs(getRoutingArgs(environ), candidate, path);
    // The match stays on the caller's environ after the call, for loggers.
    environ[MOUNT_KEY] = candidate.mount.key;
  }

  /** Moves the prefix onto SCRIPT_NAME (and sets the routing args), remembering the caller's values. */
  enter(): void {
    if (this.#depth++ > 0) return;
    const environ = this.#environ;
    this.#saved = [environ.SCRIPT_NAME, environ.PATH_INFO, environ[ROUTING_ARGS_KEY], ROUTING_ARGS_KEY in environ];
    environ.SCRIPT_NAME = this.#scriptName;
    environ.PATH_INFO = this.#pathInfo;
    if (this.#args !== undefined) environ[ROUTING_ARGS_KEY] = this.#args;
  }

  /** Puts the caller's values back, keeping the mounted app's own for its next step. */
  leave(): void {
    if (--this.#depth > 0) return;
    const saved = this.#saved;
    if (saved === undefined) return;
    this.#saved = undefined;
    const environ = this.#environ;
    this.#scriptName = environ.SCRIPT_NAME;
    this.#pathInfo = environ.PATH_INFO;
    environ.SCRIPT_NAME = saved[0];
    environ.PATH_INFO = saved[1];
    if (this.#args === undefined) return;
    if (saved[3]) environ[ROUTING_ARGS_KEY] = saved[2] as RoutingArgs;
    else delete environ[ROUTING_ARGS_KEY];
  }

  /** Runs `step` (an app call, a body step) inside the mount, and leaves when it has settled. */
  during<T>(step: () => T | PromiseLike<T>): T | Promise<T> {
    this.enter();
    let result: T | PromiseLike<T>;
    try {
      result = step();
    } catch (error) {
      this.leave();
      throw error;
    }
    if (!isThenable(result)) {
      this.leave();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => (this.leave(), value),
      (error: unknown) => {
        this.leave();
        throw error;
      },
    );
  }

  /**
   * The mounted app's body, whose steps run inside the mount too, so a lazy
   * body (a generator calling mountUrl) still sees its SCRIPT_NAME. An Array
   * runs no app code while it is read and is passed on as it is.
   */
  keep(body: Body): Body {
    if (Array.isArray(body)) return body;
    const inner = new InnerBody(body);
    const iterator: AsyncIterator<Chunk> = {
      next: () => Promise.resolve(this.during(() => inner.next())),
      return: async () => {
        await this.during(() => inner.stop());
        return { done: true, value: undefined };
      },
    };
    return { [Symbol.asyncIterator]: () => iterator, close: () => Promise.resolve(this.during(() => inner.close())) };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** Adds this mount's parameters to those an outer router already set, as nested wsgiorg routers do. */
function routingArgs([positional, named]: RoutingArgs, candidate: Candidate, path: RequestPath): RoutingArgs {
  const nextPositional = [...positional, ...candidate.wildcards];
  const nextNamed = { ...named };
  const segments = prefixSegments(path, candidate.end);
  for (const { index, name } of candidate.mount.params!) {
    const value = segments[index]!;
    if (name === undefined) nextPositional.push(value);
    else nextNamed[name] = value;
  }
  return [nextPositional, nextNamed];
}
