import { decodePathLatin1, type Middleware } from "@tsgi/core";
import { serveThrough, type KitRequest, type Served } from "./harness.js";
import type { ConformanceFailure, ConformanceOptions, ConformanceResult } from "./options.js";
import { Probe } from "./probe.js";
import { REQUEST_BODY, SCENARIOS, describeError, type Scenario } from "./scenarios.js";

/**
 * Runs `factory` (`(app) => App`) against the kit's battery of inner apps
 * (SCENARIOS) through a server that behaves like @tsgi/server, with
 * `validate()` on both sides, and checks the middleware contract of SPEC §7:
 * the inner body closed exactly once on every path, return() passed on,
 * streaming kept, excInfo passed through, Content-Length/ETag/Content-Range
 * consistent with the bytes, no bytes for 204/304, the path unchanged.
 * Each failure names the scenario, the check and the SPEC rule id.
 */
export async function checkMiddleware(factory: Middleware, options: ConformanceOptions = {}): Promise<ConformanceResult> {
  if (typeof factory !== "function") throw new TypeError("checkMiddleware(factory): factory must be a function (app) => App");
  const failures: ConformanceFailure[] = [];
  let plainGet: Served | undefined;
  for (const scenario of SCENARIOS) {
    if (options.skip?.includes(scenario.name)) continue;
    const served = await runScenario(factory, scenario, options, plainGet, failures);
    if (scenario.name === "sync-array") plainGet = served;
  }
  return { passed: failures.length === 0, failures };
}

/** Like checkMiddleware, but throws an Error listing every failure: for a test. */
export async function assertMiddleware(factory: Middleware, options?: ConformanceOptions): Promise<void> {
  const { passed, failures } = await checkMiddleware(factory, options);
  if (passed) return;
  const lines = failures.map((f) => `  - ${f.check}${f.rule === undefined ? "" : ` [${f.rule}]`}: ${f.message}`);
  throw new Error(`the middleware fails the conformance kit (${failures.length}):\n${lines.join("\n")}`);
}

async function runScenario(
  factory: Middleware,
  scenario: Scenario,
  options: ConformanceOptions,
  plainGet: Served | undefined,
  failures: ConformanceFailure[],
): Promise<Served | undefined> {
  const seen = new Set<string>();
  const report = (what: string, rule: string | undefined, message: string): void => {
    const key = `${rule ?? what}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    failures.push({ check: `${scenario.name}: ${what}`, ...(rule === undefined ? {} : { rule }), message });
  };
  const probe = new Probe();
  const served = await withinTime(serveThrough(factory, scenario.inner(probe, options), probe, requestFor(scenario, options), scenario.read, scenario.refuses), options.timeoutMs ?? 5000);
  if (served === undefined) {
    report("finishes", undefined, `did not finish within ${options.timeoutMs ?? 5000} ms (a hang: something waits for an event that never comes)`);
    probe.stopped.resolve();
    return undefined;
  }
  await settle();
  const ruled = new Set<string>();
  for (const v of served.violations) {
    // One finding per rule and side is enough; a repeated break says nothing new.
    if (ruled.has(`${v.side} ${v.rule}`)) continue;
    ruled.add(`${v.side} ${v.rule}`);
    const what = v.side === "inside" ? "validator between the middleware and the inner app" : "validator between the server and the middleware";
    report(what, v.rule, v.message);
  }
  commonChecks(probe, options, requestFor(scenario, options), report);
  // A scenario's own checks are about what the middleware made of the inner answer; without one there is nothing to compare.
  if (probe.calls > 0) scenario.check?.({ served, probe, options, report, plainGet });
  return served;
}

function commonChecks(probe: Probe, options: ConformanceOptions, request: KitRequest, report: (w: string, r: string | undefined, m: string) => void): void {
  if (probe.calls === 0) {
    if (!options.answersItself) report("reaches the inner app", undefined, "the middleware answered without calling the inner app; declare { answersItself: true } if it does so by design");
    return;
  }
  if (probe.bodyReturned && probe.closes !== 1) {
    report("inner body closed once", "middleware.close", probe.closes === 0 ? "the inner body's close() was never called" : `the inner body's close() was called ${probe.closes} times`);
  }
  const path = decodePathLatin1(request.path.split("?")[0]!);
  if (!options.rewritesPath && probe.path !== path) {
    report("keeps the path", "middleware.environ", `the inner app saw SCRIPT_NAME + PATH_INFO ${JSON.stringify(probe.path)} for the path ${JSON.stringify(path)}; declare { rewritesPath: true } if it routes`);
  }
}

function requestFor(scenario: Scenario, options: ConformanceOptions): KitRequest {
  const request: KitRequest = { method: scenario.method ?? "GET", path: options.path ?? "/conformance", headers: options.headers ?? [] };
  if (scenario.body === "bytes") request.body = Buffer.concat(REQUEST_BODY);
  if (scenario.body === "chunked") {
    request.body = (async function* () {
      yield* REQUEST_BODY;
    })();
  }
  return request;
}

/** Lets closes and returns started by the server's cancel settle, a few event-loop turns. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function withinTime<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([work, guard]);
  } catch (error) {
    throw new Error(`the conformance harness itself failed: ${describeError(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
