import { InnerBody, isThenable, type Body, type Chunk, type Environ, type StartResponse } from "@tsgi/core";
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

  private constructor(environ: Environ, scriptName: string, pathInfo: string, args: RoutingArgs | undefined) {
    this.#environ = environ;
    this.#scriptName = scriptName;
    this.#pathInfo = pathInfo;
    this.#args = args;
  }

  /** The scope of `candidate` for this request, not entered yet; the match is recorded on the caller's environ. */
  static of(environ: Environ, candidate: Candidate, path: RequestPath): MountScope {
    const end = prefixEnd(path, candidate.end);
    const args = candidate.mount.params === undefined ? undefined : routingArgs(getRoutingArgs(environ), candidate, path);
    const scope = new MountScope(environ, environ.SCRIPT_NAME + path.pathInfo.slice(0, end), path.pathInfo.slice(end), args);
    // The match stays on the caller's environ after the call, for loggers.
    environ[MOUNT_KEY] = candidate.mount.key;
    return scope;
  }

  /**
   * The scope of a call that callMounted made inside the mount (no routing
   * args): entered, with the caller's values saved, as if `during` had made it.
   */
  static entered(environ: Environ, callerScriptName: string, callerPathInfo: string): MountScope {
    const scope = new MountScope(environ, environ.SCRIPT_NAME, environ.PATH_INFO, undefined);
    scope.#depth = 1;
    scope.#saved = [callerScriptName, callerPathInfo, undefined, false];
    return scope;
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
    return this.settle(result);
  }

  /** Leaves once `result` (of a step made inside the mount) has settled. */
  settle<T>(result: T | PromiseLike<T>): T | Promise<T> {
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

  /** `keep` for the body an app call gave (or will give, for a Promise). */
  keepSettled(body: Body | Promise<Body>): Body | Promise<Body> {
    return body instanceof Promise ? body.then((b) => this.keep(b)) : this.keep(body);
  }
}

/**
 * Calls the mounted app of `candidate` inside the mount. Without routing args
 * the prefix is moved here directly, and an Array body (a hello, a file from
 * memory: no app code runs while it is read) goes back with the caller's
 * values already restored, without a scope, a closure or a saved-values
 * array. Any other answer is handed to a scope entered for it, so its later
 * steps see the mount too.
 */
export function callMounted(environ: Environ, startResponse: StartResponse, candidate: Candidate, path: RequestPath): Body | Promise<Body> {
  const mount = candidate.mount;
  if (mount.params !== undefined) {
    const scope = MountScope.of(environ, candidate, path);
    return scope.keepSettled(scope.during(() => mount.app(environ, startResponse)));
  }
  const end = prefixEnd(path, candidate.end);
  const scriptName = environ.SCRIPT_NAME;
  const pathInfo = environ.PATH_INFO;
  environ[MOUNT_KEY] = mount.key;
  environ.SCRIPT_NAME = scriptName + path.pathInfo.slice(0, end);
  environ.PATH_INFO = path.pathInfo.slice(end);
  let body: Body | Promise<Body>;
  try {
    body = mount.app(environ, startResponse);
  } catch (error) {
    environ.SCRIPT_NAME = scriptName;
    environ.PATH_INFO = pathInfo;
    throw error;
  }
  if (Array.isArray(body)) {
    environ.SCRIPT_NAME = scriptName;
    environ.PATH_INFO = pathInfo;
    return body;
  }
  const scope = MountScope.entered(environ, scriptName, pathInfo);
  return scope.keepSettled(scope.settle(body));
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
