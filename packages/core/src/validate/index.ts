export { validate, type ValidateOptions } from "./validate.js";
export { SpecViolation } from "./spec-violation.js";
export { RULES, type Rule } from "./rules.js";
