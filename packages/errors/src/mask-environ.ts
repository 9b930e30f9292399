import { describeThrown } from "./describe-thrown.js";

const SECRET_KEYS = new Set(["HTTP_AUTHORIZATION", "HTTP_COOKIE", "HTTP_PROXY_AUTHORIZATION"]);
const SECRET_NAME = /secret|token|password|key/i;
const MAX_VALUE = 2000;

/** True for environ keys whose values the debug page never shows. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key) || SECRET_NAME.test(key);
}

/**
 * The environ as sorted `[key, text]` rows for the debug page: secrets
 * replaced by `[masked]`, non-strings described rather than stringified
 * (a getter or Proxy in the environ cannot break the page), long values cut.
 */
export function maskEnviron(environ: Record<string, unknown>): [string, string][] {
  let keys: string[];
  try {
    keys = Object.keys(environ).sort();
  } catch {
    return [];
  }
  return keys.map((key) => [key, isSecretKey(key) ? "[masked]" : showValue(environ, key)]);
}

function showValue(environ: Record<string, unknown>, key: string): string {
  let value: unknown;
  try {
    value = environ[key];
  } catch {
    return "[getter threw]";
  }
  if (typeof value !== "string") return Array.isArray(value) ? `[${value.map(String).join(", ")}]` : describeThrown(value);
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
}
