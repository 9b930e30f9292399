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
