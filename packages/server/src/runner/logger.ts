import { usageError } from "../cli/cli-error.js";

export const LOG_LEVELS = ["debug", "info", "warning", "error", "critical"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `warn` and any case are taken too, as Python's logging names go. */
export function checkLogLevel(value: string): LogLevel {
  const level = String(value).toLowerCase();
  if (level === "warn") return "warning";
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw usageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${value}"`);
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  critical(message: string): void;
  enabled(level: LogLevel): boolean;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `2026-11-24 12:00:00 +0100`, gunicorn's log timestamp. */
export function logTime(d = new Date()): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/** Lines like gunicorn's: `[2026-11-24 12:00:00 +0000] [4242] [INFO] Booting worker with pid: 4243`, on stderr. */
export function createLogger(level: LogLevel, write: (text: string) => void = (t) => process.stderr.write(t)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(l) < threshold) return;
    write(`[${logTime()}] [${process.pid}] [${l.toUpperCase()}] ${message}\n`);
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warning: at("warning"),
    error: at("error"),
    critical: at("critical"),
    enabled: (l) => LOG_LEVELS.indexOf(l) >= threshold,
  };
}
