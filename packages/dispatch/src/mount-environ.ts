import type { Environ } from "@tsgi/core";
import type { Candidate } from "./mount-table.js";
import { prefixEnd, prefixSegments, type RequestPath } from "./request-path.js";
import { MOUNT_KEY, ROUTING_ARGS_KEY, getRoutingArgs } from "./environ-keys.js";
import type { RoutingArgs } from "./types.js";

/**
 * The environ the mounted app gets: a shallow copy with the matched prefix
 * moved from PATH_INFO to SCRIPT_NAME. A copy, not an edit, so the caller's
 * SCRIPT_NAME and PATH_INFO are untouched after the app returns or throws,
 * and a lazy body that reads its environ while streaming still sees its
 * mount. The match is also left on the caller's environ, for loggers.
 */
export function mountEnviron(environ: Environ, candidate: Candidate, path: RequestPath): Environ {
  const end = prefixEnd(path, candidate.end);
  const scriptName = environ.SCRIPT_NAME + path.pathInfo.slice(0, end);
  const pathInfo = path.pathInfo.slice(end);
  environ[MOUNT_KEY] = candidate.mount.key;
  const inner: Environ = { ...environ, SCRIPT_NAME: scriptName, PATH_INFO: pathInfo };
  if (candidate.mount.params !== undefined) inner[ROUTING_ARGS_KEY] = routingArgs(getRoutingArgs(environ), candidate, path);
  return inner;
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
