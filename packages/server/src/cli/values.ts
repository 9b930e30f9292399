import { availableParallelism } from "node:os";
import { usageError } from "./cli-error.js";

// Parsers for option values. Each names the option and quotes what it got,
// so the user sees exactly which argument to fix.

const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

export function parseWorkers(option: string, value: string | number): number {
  if (value === "auto") return availableParallelism();
  const text = String(value);
  if (INTEGER.test(text) && Number(text) >= 1 && Number(text) <= 1024) return Number(text);
  throw usageError(`${option} must be a positive integer or "auto", got "${text}"`);
}

export function parseCount(option: string, value: string | number, { min = 0, max = 2 ** 31 - 1 } = {}): number {
  const text = String(value);
  if (INTEGER.test(text) && Number(text) >= min && Number(text) <= max) return Number(text);
  const range = max === 2 ** 31 - 1 ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  throw usageError(`${option} must be ${range}, got "${text}"`);
}

/** Seconds, decimals allowed (`0.5`); returned in milliseconds. */
export function parseSeconds(option: string, value: string | number): number {
  const text = String(value);
  if (DECIMAL.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    if (ms <= 2 ** 31 - 1) return ms;
  }
  throw usageError(`${option} must be a non-negative number of seconds, got "${text}"`);
}

const SIZE = /^(\d+)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?$/i;
const UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `1048576`, `512k`, `10m`, `1g` (binary units). */
export function parseBytes(option: string, value: string | number): number {
  const text = String(value).trim();
  const m = SIZE.exec(text);
  if (m !== null) {
    const bytes = Number(m[1]) * (m[2] === undefined ? 1 : UNITS[m[2][0]!.toLowerCase()]!);
    if (Number.isSafeInteger(bytes)) return bytes;
  }
  throw usageError(`${option} must be a number of bytes (optionally with a k, m or g suffix), got "${text}"`);
}

export const LOG_LEVELS = ["debug", "info", "warning", "error", "critical"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function parseLogLevel(option: string, value: string): LogLevel {
  const level = value.toLowerCase();
  if (level === "warn") return "warning";
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw usageError(`${option} must be one of ${LOG_LEVELS.join(", ")}, got "${value}"`);
}
