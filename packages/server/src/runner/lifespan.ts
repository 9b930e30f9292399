import { formatError } from "@tsgi/core";
import { CliError } from "../cli/cli-error.js";
import { AppLoadError } from "./load-app.js";

/**
 * The optional hooks an app module exports beside its app (SPEC §9.12, ASGI
 * lifespan): `startup()` is awaited before the worker accepts a connection,
 * `shutdown()` after it stopped serving (SIGTERM, a reload, the supervisor gone).
 */
export interface Lifespan {
  startup?: () => unknown;
  shutdown?: () => unknown;
}

/** Picks `startup` and `shutdown` from a module namespace; anything but a function there is a usage error. */
export function lifespanOf(ns: Record<string, unknown>, module: string): Lifespan {
  const lifespan: Lifespan = {};
  for (const name of ["startup", "shutdown"] as const) {
    const value = ns[name];
    if (value === undefined) continue;
    if (typeof value !== "function") throw new CliError(`export "${name}" of "${module}" is not a function`);
    lifespan[name] = value as () => unknown;
  }
  return lifespan;
}

/** Awaits `startup()`; a throw or rejection fails the worker's boot with the error's stack. */
export async function runStartup(lifespan: Lifespan, module: string): Promise<void> {
  if (lifespan.startup === undefined) return;
  try {
    await lifespan.startup();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppLoadError(`startup() in "${module}" failed: ${message}`, error);
  }
}

/** Awaits `shutdown()` at most once; a failure is logged, never thrown: the worker is leaving anyway. */
export async function runShutdown(lifespan: Lifespan, module: string, log: (text: string) => void): Promise<void> {
  const shutdown = lifespan.shutdown;
  if (shutdown === undefined) return;
  lifespan.shutdown = undefined;
  try {
    await shutdown();
  } catch (error) {
    log(`[tsgi] shutdown() in "${module}" failed: ${formatError(error)}\n`);
  }
}
