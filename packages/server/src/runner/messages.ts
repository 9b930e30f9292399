import type { Bind } from "./bind.js";
import type { ServeConfig } from "./config.js";

/** What the supervisor gives each worker (as JSON in TSGI_WORKER_CONFIG). */
export interface WorkerSetup {
  config: ServeConfig;
  /** This worker's own --max-requests, jitter included; 0 = never recycle. */
  maxRequests: number;
  multiprocess: boolean;
}

export const WORKER_ENV = "TSGI_WORKER_CONFIG";

/** Worker → supervisor. Every message carries `tsgi` so others on the channel are ignored. */
export type WorkerMessage =
  | { tsgi: "heartbeat" }
  | { tsgi: "ready"; binds: Bind[] }
  /** The app could not be loaded or bound; `detail` is the user's stack, when it is their error. */
  | { tsgi: "boot-error"; message: string; detail?: string }
  /** --max-requests reached: start my replacement, then stop me. */
  | { tsgi: "retire" };

/** Supervisor → worker. */
export type SupervisorMessage =
  /** `handOver`: a replacement is serving, so drain gently (see AppServers.drain). */
  | { tsgi: "stop"; timeout: number; handOver: boolean }
  | { tsgi: "quit" };

function isTsgiMessage(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { tsgi?: unknown }).tsgi === "string";
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return isTsgiMessage(value);
}

export function isSupervisorMessage(value: unknown): value is SupervisorMessage {
  return isTsgiMessage(value);
}

/**
 * How long a worker may go without a heartbeat before it is killed, for a
 * given --timeout (ms; 0 = never). Never under 2 s: a process needs that much
 * to start beating on a loaded machine, and a short response limit must not
 * turn into healthy workers killed in a loop.
 */
export function heartbeatTimeout(timeout: number): number {
  return timeout > 0 ? Math.max(2000, timeout) : 0;
}

/** How often a worker says it is alive, for a given --timeout (ms). */
export function heartbeatInterval(timeout: number): number {
  const limit = heartbeatTimeout(timeout);
  return limit > 0 ? Math.min(1000, Math.floor(limit / 4)) : 1000;
}

/** Worker exit code for "could not boot" (gunicorn's WORKER_BOOT_ERROR). */
export const BOOT_ERROR_EXIT = 3;
