import { expect } from "vitest";
import { SpecViolation } from "../../src/index.js";

/** Runs `fn` (sync or async) and asserts it fails with a SpecViolation of `rule`. */
export async function expectViolation(fn: () => unknown, rule: string): Promise<SpecViolation> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a SpecViolation [${rule}]`).toBeInstanceOf(SpecViolation);
  const violation = caught as SpecViolation;
  expect(violation.rule).toBe(rule);
  expect(violation.message.startsWith(`[${rule}] `)).toBe(true);
  return violation;
}
