/**
 * A process on a loaded machine can take seconds to start node and read the
 * CLI before it beats once; that is not the app's fault, so the --timeout
 * clock starts at the first heartbeat and this much is allowed before it.
 */
export const STARTUP_GRACE_MS = 10_000;

export interface WorkerClock {
  spawnedAt: number;
  /** When the first message came (0: none yet). */
  firstBeat: number;
  lastBeat: number;
  /** 0 until the worker said it is listening. */
  readyAt: number;
}

/**
 * Loading the app blocks a worker's event loop for a while (tsx compiles on
 * node's loader thread while the main thread waits), so while it loads, the
 * heartbeat limit is never under this, whatever a short --timeout says.
 */
export const BOOT_FLOOR_MS = 5000;

/** How long a worker may take to load the app and listen, for a heartbeat limit (ms; 0 = none). */
export function bootTimeout(silentFor: number): number {
  return silentFor > 0 ? Math.max(BOOT_FLOOR_MS, silentFor) : 0;
}

export type Verdict = "ok" | "silent" | "boot-timeout";

/**
 * Why the supervisor should kill a worker, if it should: silent past its
 * limit (a stuck event loop: `silentFor` once serving, the boot limit while
 * loading), or beating but still not listening the boot limit after its first
 * beat (a top-level await that never settles, which a heartbeat alone cannot
 * catch). `silentFor` 0 means no limit.
 */
export function judgeWorker(clock: WorkerClock, now: number, silentFor: number): Verdict {
  if (silentFor <= 0) return "ok";
  const bootFor = bootTimeout(silentFor);
  if (clock.firstBeat === 0) return now - clock.spawnedAt > Math.max(bootFor, STARTUP_GRACE_MS) ? "silent" : "ok";
  if (now - clock.lastBeat > (clock.readyAt === 0 ? bootFor : silentFor)) return "silent";
  if (clock.readyAt === 0 && now - clock.firstBeat > bootFor) return "boot-timeout";
  return "ok";
}
