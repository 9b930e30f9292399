export { assertMiddleware, checkMiddleware } from "./conformance/check-middleware.js";
export { SCENARIO_NAMES } from "./conformance/scenarios.js";
export type { ConformanceFailure, ConformanceOptions, ConformanceResult } from "./conformance/options.js";
