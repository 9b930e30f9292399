import { availableParallelism } from "node:os";
import { usageError, type CliError } from "../cli/cli-error.js";

// Checks for the runner's typed settings. Each message names the setting by
// its flag and quotes what it got, the same for `tsgi serve` and run(), so
// the user sees exactly which value to fix.

const MAX_INT32 = 2 ** 31 - 1;

/** `--timeout must be a non-negative number of seconds, got "soon"`. */
export function badValue(flag: string, expected: string, got: unknown): CliError {
  return usageError(`${flag} must be ${expected}, got "${String(got)}"`);
}

export const SECONDS_EXPECTED = "a non-negative number of seconds";
export const WORKERS_EXPECTED = 'a positive integer or "auto"';

/** The settings given in seconds (milliseconds once checked), by the flag that names each. */
export const SECONDS_SETTINGS = {
  timeout: "--timeout",
  gracefulTimeout: "--graceful-timeout",
  keepAlive: "--keep-alive",
  headersTimeout: "--headers-timeout",
} as const;
export type SecondsSetting = keyof typeof SECONDS_SETTINGS;

/** The whole-number settings: their flag and range. */
export const COUNT_SETTINGS = {
  maxRequests: { flag: "--max-requests", min: 0, max: MAX_INT32 },
  maxRequestsJitter: { flag: "--max-requests-jitter", min: 0, max: MAX_INT32 },
  limitRequestFields: { flag: "--limit-request-fields", min: 1, max: 32768 },
} as const;
export type CountSetting = keyof typeof COUNT_SETTINGS;

export function countExpected(key: CountSetting): string {
  const { min, max } = COUNT_SETTINGS[key];
  return max === MAX_INT32 ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
}

export function checkWorkers(value: number | "auto"): number {
  if (value === "auto") return availableParallelism();
  if (Number.isInteger(value) && value >= 1 && value <= 1024) return value;
  throw badValue("--workers", WORKERS_EXPECTED, value);
}

export function checkCount(key: CountSetting, value: number): number {
  const { flag, min, max } = COUNT_SETTINGS[key];
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw badValue(flag, countExpected(key), value);
}

/** Seconds (decimals allowed) to milliseconds. */
export function toMilliseconds(key: SecondsSetting, seconds: number): number {
  const ms = Math.round(seconds * 1000);
  if (typeof seconds === "number" && seconds >= 0 && ms <= MAX_INT32) return ms;
  throw badValue(SECONDS_SETTINGS[key], SECONDS_EXPECTED, seconds);
}

const SIZE = /^(\d+)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?$/i;
const UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A size: a number of bytes, or text with a binary unit (`512k`, `10m`, `1g`). */
export function toBytes(flag: string, value: number | string): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  const m = typeof value === "string" ? SIZE.exec(value.trim()) : null;
  if (m !== null) {
    const bytes = Number(m[1]) * (m[2] === undefined ? 1 : UNITS[m[2][0]!.toLowerCase()]!);
    if (Number.isSafeInteger(bytes)) return bytes;
  }
  throw badValue(flag, "a number of bytes (optionally with a k, m or g suffix)", typeof value === "string" ? value.trim() : value);
}
