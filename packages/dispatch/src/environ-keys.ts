import type { Environ } from "@tsgi/core";
import type { MountMatch, RoutingArgs } from "./types.js";

/** The environ key holding the chosen mount (a MountMatch), on the caller's environ and the mounted app's. */
export const MOUNT_KEY = "tsgi.dispatch.mount";
/** The environ key holding path parameters, `[positional, named]`, as wsgiorg.routing_args. */
export const ROUTING_ARGS_KEY = "tsgi.routing_args";

/** The mount a dispatcher chose for this request, or undefined (no dispatcher, or the fallback answered). */
export function getMount(environ: Environ): MountMatch | undefined {
  return environ[MOUNT_KEY] as MountMatch | undefined;
}

/** The path parameters captured so far: `[positional, named]`, empty when there are none. */
export function getRoutingArgs(environ: Environ): RoutingArgs {
  const args = environ[ROUTING_ARGS_KEY];
  return isRoutingArgs(args) ? args : [[], {}];
}

function isRoutingArgs(value: unknown): value is RoutingArgs {
  return Array.isArray(value) && Array.isArray(value[0]) && typeof value[1] === "object" && value[1] !== null;
}
