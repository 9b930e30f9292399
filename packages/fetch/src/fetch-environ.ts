import { buildEnvironFromRequest, type Environ, type ErrorStream } from "@tsgi/core";
import type { HeaderEncoding } from "./header-bytes.js";
import type { ToFetchHandlerOptions } from "./to-fetch-handler.js";

/** The handler's options with the header encoding decided once. */
export type ResolvedOptions<Args extends unknown[]> = ToFetchHandlerOptions<Args> & { headerEncoding: HeaderEncoding };

/**
 * The environ for one Request (SPEC [server.whatwg-request]): path and query
 * from the parsed URL, no tsgi.raw_uri (the runtime re-serialised it),
 * `tsgi.input` over the request's body stream, and the Request itself as
 * `fetch.request`. Throws HttpError 400/501 for a request that cannot be one.
 */
export function fetchEnviron<Args extends unknown[]>(
  request: Request,
  options: ResolvedOptions<Args>,
  errors: ErrorStream,
  args: Args,
): Environ {
  const environ = buildEnvironFromRequest(request, {
    remoteAddr: options.getRemoteAddr?.(request, ...args),
    headerEncoding: options.headerEncoding,
    errors,
    multiprocess: options.multiprocess ?? false,
  });
  environ["fetch.request"] = request;
  if (options.environ !== undefined) Object.assign(environ, options.environ(request, ...args));
  return environ;
}
