/** A worker that stays up this long after booting ends a crash streak. */
export const STABLE_AFTER_MS = 10_000;
const MAX_DELAY_MS = 10_000;

/**
 * Delay before replacing a worker after `streak` failures in a row: the first
 * replacement is immediate, then 0.2 s, 0.4 s, … up to 10 s, so a crash loop
 * never spins.
 */
export function restartDelay(streak: number): number {
  if (streak <= 1) return 0;
  return Math.min(MAX_DELAY_MS, 100 * 2 ** (streak - 1));
}

/** What to do about a worker that died without being told to. */
export type CrashVerdict = "give-up" | "respawn" | "wait-for-change";

/**
 * When the supervisor replaces a crashed worker. At once after one crash,
 * then after a growing delay while crashes keep coming within
 * STABLE_AFTER_MS of booting. It gives up when a worker cannot boot before
 * the server ever served (a syntax error or a missing export: retrying
 * only repeats it), unless --reload is on: then it waits for the next file
 * change instead of retrying.
 */
export class RestartPolicy {
  readonly #reload: boolean;
  #streak = 0;
  #served = false;
  #waitingForChange = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(reload: boolean) {
    this.#reload = reload;
  }

  /** Whether the first workers were all up once. */
  get served(): boolean {
    return this.#served;
  }

  /** --reload after a failed boot: no worker is started until a file changes. */
  get waitingForChange(): boolean {
    return this.#waitingForChange;
  }

  /** A spawn is waiting for its delay, or for a change: the supervisor leaves the workers as they are. */
  get holding(): boolean {
    return this.#waitingForChange || this.#timer !== undefined;
  }

  /** The first workers are all listening: from now on a failed boot is retried. */
  markServed(): void {
    this.#served = true;
  }

  /** A worker listened, so the code loads again (a fixed file under --reload). */
  listened(): void {
    this.#waitingForChange = false;
  }

  /** A worker not told to stop is gone; `readyAt` 0 if it never listened. */
  crashed(readyAt: number, now = Date.now()): CrashVerdict {
    const booted = readyAt > 0;
    if (!booted && !this.#served && !this.#reload) return "give-up";
    this.#streak = !booted || now - readyAt < STABLE_AFTER_MS ? this.#streak + 1 : 1;
    if (booted || !this.#reload) return "respawn";
    this.#waitingForChange = true;
    return "wait-for-change";
  }

  /** The watchdog's look at a worker: one serving for STABLE_AFTER_MS ends the streak. */
  observe(worker: { readyAt: number; state: string }, now: number): void {
    if (worker.readyAt > 0 && this.#streak > 0 && now - worker.readyAt >= STABLE_AFTER_MS && worker.state === "ready") this.#streak = 0;
  }

  /** Runs `spawn` now, or after the streak's delay; returns that delay (ms). */
  respawn(spawn: () => void): number {
    const delay = restartDelay(this.#streak);
    if (delay === 0) spawn();
    else {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        spawn();
      }, delay);
    }
    return delay;
  }

  /** A reload (SIGHUP, a file change) starts afresh: no streak, no wait. */
  reset(): void {
    this.#streak = 0;
    this.#waitingForChange = false;
    this.cancel();
  }

  /** Drops a pending spawn (stopping). */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
