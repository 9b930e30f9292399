import type { ErrorStream } from "../types.js";
import { RULES } from "./rules.js";
import { SpecViolation } from "./spec-violation.js";

export type Mode = "throw" | "report";

/**
 * Where one request's violations go. In "throw" mode `fail` throws a
 * SpecViolation; in "report" mode it writes a line to tsgi.errors and returns,
 * so the caller carries on as if nothing happened. SHOULD rules only ever
 * write a warning line.
 */
export class Reporter {
  /** The first violation thrown into the app's own code, until it reaches the server. */
  unsurfaced: SpecViolation | undefined;

  constructor(
    readonly mode: Mode,
    private readonly errors: ErrorStream | undefined,
  ) {}

  fail(rule: string, detail: string): void {
    if (RULES[rule]?.level === "SHOULD") return this.warn(rule, detail);
    const violation = new SpecViolation(rule, detail);
    if (this.mode === "throw") throw violation;
    this.write(`tsgi.validate: ${violation.message}\n`);
  }

  /**
   * Like fail, for violations thrown into app code (startResponse, tsgi.input,
   * tsgi.errors). The app might catch and swallow them, so the validator
   * remembers the first one and throws it again where the app cannot.
   */
  failIntoApp(rule: string, detail: string): void {
    try {
      this.fail(rule, detail);
    } catch (error) {
      this.unsurfaced ??= error as SpecViolation;
      throw error;
    }
  }

  warn(rule: string, detail: string): void {
    this.write(`tsgi.validate: warning [${rule}] ${detail}\n`);
  }

  /** Marks `error` as having reached the server, so it is not thrown again. */
  surfaced(error: unknown): void {
    if (error === this.unsurfaced) this.unsurfaced = undefined;
  }

  /** Throws a violation the app swallowed, if any. */
  rethrowSwallowed(): void {
    const pending = this.unsurfaced;
    if (pending !== undefined) {
      this.unsurfaced = undefined;
      throw pending;
    }
  }

  write(text: string): void {
    try {
      if (this.errors !== undefined && typeof this.errors.write === "function") {
        this.errors.write(text);
        return;
      }
    } catch {
      // A broken tsgi.errors is itself reported elsewhere; fall back to the console.
    }
    console.error(text.trimEnd());
  }
}
