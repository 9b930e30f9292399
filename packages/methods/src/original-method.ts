import type { Environ } from "@tsgi/core";

/**
 * The environ key where `methodOverride` keeps the method the request
 * arrived with, set only when it overrides: the shared key of SPEC §3.3
 * [environ.tsgi-shared], so any middleware or app (a logger, a CSRF check)
 * can read it without knowing which override ran.
 */
export const ORIGINAL_METHOD_KEY = "tsgi.original_method";

/** The method the request arrived with: before any `methodOverride`, else `REQUEST_METHOD`. */
export function originalMethod(environ: Environ): string {
  const original = environ[ORIGINAL_METHOD_KEY];
  return typeof original === "string" ? original : environ.REQUEST_METHOD;
}
