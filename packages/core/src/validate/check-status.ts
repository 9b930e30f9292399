import { describeValue } from "../describe-value.js";
import { hasControlChar, isLatin1 } from "../http-syntax.js";
import type { Reporter } from "./reporter.js";

/**
 * Checks a status string against SPEC.md §5.2 and returns its code, or
 * undefined when there is no usable code (only possible in report mode).
 */
export function checkStatus(status: unknown, r: Reporter): number | undefined {
  if (typeof status !== "string") {
    r.failIntoApp("status.type", `status must be a string like '200 OK', got ${describeValue(status)}`);
    return undefined;
  }
  if (hasControlChar(status)) r.failIntoApp("status.control-chars", `status contains a control character: ${describeValue(status)}`);
  if (!isLatin1(status)) r.failIntoApp("status.latin1", `status has characters above U+00FF: ${describeValue(status)}`);
  if (!/^\d{3} \S(?:.*\S)?$/s.test(status)) {
    r.failIntoApp("status.format", `status must be 'NNN Reason' with one space and no surrounding whitespace, got ${describeValue(status)}`);
  }
  if (!/^\d{3}/.test(status)) return undefined;
  const code = Number(status.slice(0, 3));
  if (code < 100 || code > 599) r.failIntoApp("status.code", `status code must be from 100 to 599, got ${code}`);
  else if (code < 200) r.failIntoApp("status.final", `status ${code} is an interim (1xx) status; apps send final statuses only`);
  return code;
}
