import { SpecViolation, validate, type App } from "@tsgi/core";

/**
 * Wraps `app` in @tsgi/core's validator, so every request a test makes also
 * checks the app (and the environ this client built) against SPEC.md.
 */
export function withValidation(app: App, mode: "throw" | "report"): App {
  return validate(app, { mode });
}

/** True for the validator's error, which a test must see even when app errors become 500s. */
export function isSpecViolation(error: unknown): boolean {
  return error instanceof SpecViolation;
}
