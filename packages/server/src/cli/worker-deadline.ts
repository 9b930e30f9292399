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

export type Verdict = "ok" | "silent" | "boot-timeout";

/**
 * Why the supervisor should kill a worker, if it should: silent past
 * `silentFor` (a stuck event loop), or beating but still not listening
 * `silentFor` after its first beat (a top-level await that never settles,
 * which a heartbeat alone cannot catch). `silentFor` 0 means no limit.
 */
export function judgeWorker(clock: WorkerClock, now: number, silentFor: number): Verdict {
  if (silentFor <= 0) return "ok";
  if (clock.firstBeat === 0) return now - clock.spawnedAt > Math.max(silentFor, STARTUP_GRACE_MS) ? "silent" : "ok";
  if (now - clock.lastBeat > silentFor) return "silent";
  if (clock.readyAt === 0 && now - clock.firstBeat > silentFor) return "boot-timeout";
  return "ok";
}
