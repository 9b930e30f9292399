import { getHeader, statusCode, statusHasNoBody, type App, type Chunk } from "@tsgi/core";
import { REFUSED_HEADER, type ReadMode, type Served } from "./harness.js";
import {
  ENDLESS_CHUNK,
  GREETING,
  echoApp,
  endlessApp,
  failingStreamApp,
  lateExcInfoApp,
  lazyApp,
  noBodyApp,
  okApp,
  partialApp,
  refusedApp,
  throwingApp,
} from "./inner-apps.js";
import type { ConformanceOptions } from "./options.js";
import type { Probe } from "./probe.js";

const utf8 = new TextEncoder();
export const REQUEST_BODY = [utf8.encode("name=conformance"), utf8.encode("&kit=1")];

/** What a scenario's own check may report: a failed check, its rule id, and what happened. */
export type Report = (what: string, rule: string | undefined, message: string) => void;

export interface ScenarioContext {
  served: Served;
  probe: Probe;
  options: ConformanceOptions;
  report: Report;
  /** What the same middleware answered to the plain GET (sync-array), for HEAD's headers. */
  plainGet: Served | undefined;
}

export interface Scenario {
  name: string;
  method?: string;
  body?: "bytes" | "chunked";
  /** The kit's server refuses REFUSED_HEADER in startResponse. */
  refuses?: boolean;
  read: ReadMode;
  inner(probe: Probe, options: ConformanceOptions): App;
  check?(context: ScenarioContext): void;
}

const FULL: ReadMode = { kind: "full" };

/**
 * The battery, in the order it runs. Every scenario also gets the common
 * checks: the validators' findings on both sides, the inner body closed
 * exactly once, the inner app reached, the path unchanged.
 */
export const SCENARIOS: readonly Scenario[] = [
  { name: "sync-array", read: FULL, inner: (p) => okApp(p, "array", false), check: sameBytes },
  { name: "async-array", read: FULL, inner: (p) => okApp(p, "array", true), check: sameBytes },
  { name: "sync-generator", read: FULL, inner: (p) => okApp(p, "sync", false), check: sameBytes },
  { name: "async-generator", read: FULL, inner: (p) => okApp(p, "async", true), check: sameBytes },
  { name: "lazy-start", read: FULL, inner: (p) => lazyApp(p), check: sameBytes },
  { name: "head", method: "HEAD", read: FULL, inner: (p) => okApp(p, "array", false), check: headLikeGet },
  { name: "no-content-204", read: { kind: "drain" }, inner: (p) => noBodyApp(p, 204), check: noBytes },
  { name: "not-modified-304", read: { kind: "drain" }, inner: (p) => noBodyApp(p, 304), check: noBytes },
  { name: "partial-206", read: FULL, inner: (p) => partialApp(p), check: partialConsistent },
  { name: "server-refuses-headers", refuses: true, read: FULL, inner: (p) => refusedApp(p, REFUSED_HEADER), check: refusalPropagates },
  { name: "throws-before-start", read: FULL, inner: (p) => throwingApp(p, false), check: endsAsError },
  { name: "throws-after-start", read: FULL, inner: (p) => throwingApp(p, true), check: endsAsError },
  { name: "fails-mid-stream", read: FULL, inner: (p) => failingStreamApp(p), check: abortsMidStream },
  { name: "late-exc-info", read: FULL, inner: (p) => lateExcInfoApp(p), check: passesLateExcInfo },
  {
    name: "slow-endless-stream",
    read: { kind: "abort", afterChunks: 4 },
    inner: (p, o) => endlessApp(p, 2 + Math.ceil((o.buffersUpTo ?? 0) / ENDLESS_CHUNK), (o.buffersUpTo ?? 0) + 2 * ENDLESS_CHUNK),
    check: streams,
  },
  { name: "never-iterated", read: { kind: "never-iterate" }, inner: (p) => okApp(p, "async", false) },
  { name: "request-body", method: "POST", body: "bytes", read: FULL, inner: (p) => echoApp(p), check: innerReadBody },
  { name: "chunked-request-body", method: "POST", body: "chunked", read: FULL, inner: (p) => echoApp(p), check: innerReadBody },
];

/** The names of the scenarios, in the order they run (for `skip`). */
export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

function joined(chunks: readonly Chunk[]): string {
  return chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString("latin1")).join("");
}

function changed({ served, probe }: ScenarioContext): boolean {
  return joined(served.bytes) !== joined(probe.sent);
}

function sameBytes(context: ScenarioContext): void {
  const { served, probe, options, report } = context;
  if (served.errorBeforeHeaders !== undefined || served.errorAfterHeaders !== undefined) {
    const error = served.errorBeforeHeaders ?? served.errorAfterHeaders;
    report("answers a valid response", "middleware.both-sides", `the middleware failed on a valid inner response: ${describeError(error)}`);
    return;
  }
  if (probe.calls === 0) return;
  if (!changed(context)) return;
  if (!options.changesBody) {
    report("keeps the body", undefined, `the body changed (${joined(probe.sent).length} inner bytes became ${joined(served.bytes).length}); declare { changesBody: true } if that is its job`);
  }
  if (getHeader(served.headers, "etag") === '"conformance-v1"') {
    report("no ETag of the old bytes", "middleware.content-length", "the body's bytes changed but the inner app's strong ETag was kept; weaken it (weakenETag) or delete it");
  }
}

// A middleware may yield bytes for HEAD as for GET (SPEC §9.5: dropping them is the server's job), so only the headers are compared.
function headLikeGet({ served, plainGet, report }: ScenarioContext): void {
  if (plainGet === undefined || plainGet.status === undefined || served.status === undefined) return;
  const head = getHeader(served.headers, "content-length");
  const get = getHeader(plainGet.headers, "content-length");
  if (head !== undefined && get !== undefined && head !== get) {
    report("HEAD headers like GET", "middleware.content-length", `HEAD declares Content-Length ${head}, GET of the same resource ${get}`);
  }
}

function noBytes({ served, report }: ScenarioContext): void {
  if (served.status === undefined || !statusHasNoBody(statusCode(served.status))) return;
  const total = served.bytes.reduce((n, c) => n + c.byteLength, 0);
  if (total > 0) report("no body bytes", "body.no-body-status", `a ${served.status ?? "no-body"} response's body yielded ${total} bytes (a footer appended to a 204/304?)`);
}

function partialConsistent(context: ScenarioContext): void {
  sameBytes(context);
  const { served, report } = context;
  if (changed(context) && getHeader(served.headers, "content-range") !== undefined) {
    report("no Content-Range of the old bytes", "middleware.content-length", "the 206 body's bytes changed but Content-Range still describes the old ones");
  }
}

function isServerError(served: Served): boolean {
  return served.errorBeforeHeaders !== undefined || (served.status !== undefined && statusCode(served.status) >= 500);
}

function endsAsError({ served, report }: ScenarioContext): void {
  if (!isServerError(served)) {
    report("inner failure stays a failure", "middleware.exc-info", `the inner app threw, but the client got ${served.status ?? "nothing"}`);
  }
}

function refusalPropagates({ served, report }: ScenarioContext): void {
  if (!isServerError(served)) {
    report("lets the server's refusal propagate", "middleware.exc-info", `the server's startResponse threw, but the client got ${served.status ?? "nothing"}`);
  }
}

function abortsMidStream({ served, report }: ScenarioContext): void {
  if (isServerError(served) || served.errorAfterHeaders !== undefined) return;
  report("aborts after a mid-stream failure", "server.error-after-headers", "the inner body failed after its first chunk, but the response ended cleanly");
}

function passesLateExcInfo({ served, probe, report }: ScenarioContext): void {
  if (probe.excInfoRefused !== undefined) {
    report("passes a late excInfo on", "middleware.late-exc-info", `startResponse threw at the inner app's excInfo call though its body had yielded no byte (callApp without onLateStart, or bytes of the middleware's own for an empty inner chunk): ${describeError(probe.excInfoRefused)}`);
    return;
  }
  if (!isServerError(served)) {
    report("passes a late excInfo on", "middleware.exc-info", `the inner app replaced its 200 with a 500 through excInfo, but the client got ${served.status ?? "nothing"}`);
  } else if (served.status !== undefined && statusCode(served.status) === 500 && joined(served.bytes) === joined(GREETING)) {
    report("passes a late excInfo on", "middleware.exc-info", "the 500 carries the old body");
  }
}

function streams({ probe, report }: ScenarioContext): void {
  if (probe.stallReason !== undefined) {
    report("streams a slow endless body", "middleware.streaming", `${probe.stallReason} (declare { buffersUpTo: bytes } if it buffers by design)`);
  }
  if (probe.calls > 0 && probe.returns === 0 && probe.stallReason === undefined) {
    report("passes return() on", "middleware.close", "the client left mid-stream, but the inner body's iterator never got return()");
  }
}

function innerReadBody({ probe, report }: ScenarioContext): void {
  if (probe.calls === 0 || probe.readBody === undefined) return;
  const expected = joined(REQUEST_BODY);
  const got = joined([probe.readBody]);
  if (got !== expected) {
    report("inner app reads the request body", "middleware.input", `the inner app read ${got.length} bytes of a ${expected.length}-byte request body (a parser must re-provide it: replaceInput)`);
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
