import type { Environ } from "@tsgi/core";

/**
 * The environ key where `methodOverride` keeps the method the request
 * arrived with, set only when it overrides. An extension key (SPEC §3.6):
 * `tsgi.*` names are reserved for the spec itself, and `validate()` refuses
 * others there.
 */
export const ORIGINAL_METHOD_KEY = "methods.original_method";

/** The method the request arrived with: before any `methodOverride`, else `REQUEST_METHOD`. */
export function originalMethod(environ: Environ): string {
  const original = environ[ORIGINAL_METHOD_KEY];
  return typeof original === "string" ? original : environ.REQUEST_METHOD;
}
