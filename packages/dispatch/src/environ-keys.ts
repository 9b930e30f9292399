import type { Environ } from "@tsgi/core";
import type { RoutingArgs } from "./types.js";

/** The environ key holding the key of the chosen mount, as written in the table (SPEC §3.3), on the caller's environ and the mounted app's. */
export const MOUNT_KEY = "tsgi.dispatch.mount";
/** The environ key holding path parameters, `[positional, named]`, as wsgiorg.routing_args. */
export const ROUTING_ARGS_KEY = "tsgi.routing_args";

/** The key of the mount a dispatcher chose for this request (`'/api/v2'`), or undefined (no dispatcher, or the fallback answered). */
export function getMount(environ: Environ): string | undefined {
  const key = environ[MOUNT_KEY];
  return typeof key === "string" ? key : undefined;
}

/** The path parameters captured so far: `[positional, named]`, empty when there are none. */
export function getRoutingArgs(environ: Environ): RoutingArgs {
  const args = environ[ROUTING_ARGS_KEY];
  return isRoutingArgs(args) ? args : [[], {}];
}

function isRoutingArgs(value: unknown): value is RoutingArgs {
  return Array.isArray(value) && Array.isArray(value[0]) && typeof value[1] === "object" && value[1] !== null;
}
