import * as core from "@tsgi/core";
import type { App } from "@tsgi/core";

type Validate = (app: App, options?: { mode?: "throw" | "report" }) => App;

/**
 * Wraps `app` in @tsgi/core's validator, so every request a test makes also
 * checks the app (and the environ this client built) against SPEC.md.
 */
export function withValidation(app: App, mode: "throw" | "report"): App {
  const validate = (core as unknown as { validate?: Validate }).validate;
  if (validate === undefined) return app; // TEMP until validate lands
  return validate(app, { mode });
}

/** True for the validator's error, which a test must see even when app errors become 500s. */
export function isSpecViolation(error: unknown): boolean {
  return error instanceof Error && error.name === "SpecViolation";
}
