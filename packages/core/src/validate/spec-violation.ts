import { RULES } from "./rules.js";

/**
 * Thrown by a validated app when the app, the server or a middleware breaks a
 * MUST rule of SPEC.md. `rule` is the rule id (`headers.hop-by-hop`) and the
 * message starts with it in brackets, so logs can be searched for the rule.
 */
export class SpecViolation extends Error {
  readonly rule: string;
  readonly section: string;

  constructor(rule: string, detail: string) {
    super(`[${rule}] ${detail}`);
    this.name = "SpecViolation";
    this.rule = rule;
    this.section = RULES[rule]?.section ?? "";
  }
}
