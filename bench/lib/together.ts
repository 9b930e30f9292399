import { availableParallelism } from "node:os";
import { startChildServer, type ChildServer } from "./child-server.js";
import { cpuSeconds, processTree } from "./proc-cpu.js";
import { ensureWrk, startWrk, type WrkSample } from "./wrk.js";

/** One server of a together-run: a script under servers/ that calls reportWhenListening(). */
export interface TogetherServer {
  name: string;
  script: URL;
  /** The request path wrk loads (default "/"). */
  path?: string;
  /** Request headers for the check and for wrk (e.g. Accept-Encoding). */
  headers?: Record<string, string>;
  /** Environment for the script: its configuration. */
  env?: Record<string, string>;
  /** Checked once before any load (default: status 200). */
  expectStatus?: number;
  expectBody?: string;
}

export interface TogetherOptions {
  /** The first server is the baseline; a second copy of it runs as the control. */
  servers: TogetherServer[];
  rounds?: number;
  seconds?: number;
  warmupSeconds?: number;
  connections?: number;
  /** The control must come out within 1 ± this of the baseline (default 0.05). */
  tolerance?: number;
}

export interface TogetherRow {
  name: string;
  rps: number;
  /** Median of the per-round req/s ratios to the baseline. */
  ratio: number;
  cpuUsPerRequest: number;
  /** Median of per-round (baseline µs/req ÷ this µs/req): above 1 is cheaper. */
  cpuRatio: number;
  p99Ms: number;
  failures: number;
}

export interface TogetherResult {
  rows: TogetherRow[];
  control: TogetherRow;
  /** Why the run cannot be trusted, or undefined. */
  rejected: string | undefined;
  settings: Required<Omit<TogetherOptions, "servers">> & { serverCpu: string; loadCpu: string | undefined };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

function settingsFrom(options: TogetherOptions): TogetherResult["settings"] {
  const cpus = availableParallelism();
  return {
    rounds: envNumber("BENCH_ROUNDS", options.rounds ?? 5),
    seconds: envNumber("BENCH_SECONDS", options.seconds ?? 5),
    warmupSeconds: envNumber("BENCH_WARMUP", options.warmupSeconds ?? 2),
    connections: envNumber("BENCH_CONNECTIONS", options.connections ?? 50),
    tolerance: options.tolerance ?? 0.05,
    serverCpu: process.env.BENCH_SERVER_CPU ?? "0",
    loadCpu: cpus > 1 ? String(cpus - 1) : undefined,
  };
}

/**
 * Every server pinned to one cpu, each loaded by its own wrk (pinned to the
 * last cpu) at the same moment, so host noise hits all of them in the same
 * instant; ratios are taken per round and the median of rounds reported. A
 * control copy of the baseline must come out at 1.00 ± tolerance, else the
 * run is marked rejected. Every server is stopped at the end.
 */
export async function measureTogether(options: TogetherOptions): Promise<TogetherResult> {
  if (options.servers.length === 0) throw new Error("measureTogether needs at least one server");
  ensureWrk();
  const settings = settingsFrom(options);
  const contenders = [options.servers[0]!, { ...options.servers[0]!, name: `${options.servers[0]!.name} (control)` }, ...options.servers.slice(1)];
  const started: ChildServer[] = [];
  try {
    for (const c of contenders) started.push(await startChildServer(c.name, c.script, { pin: settings.serverCpu, env: c.env }));
    await Promise.all(contenders.map((c, i) => checkAnswer(c, started[i]!)));
    console.error(`warm-up: ${settings.warmupSeconds} s, all servers together`);
    await loadRound(contenders, started, settings.warmupSeconds, settings);
    const rounds: RoundSample[][] = [];
    for (let r = 1; r <= settings.rounds; r++) {
      const round = await loadRound(contenders, started, settings.seconds, settings);
      rounds.push(round);
      console.error(`round ${r}/${settings.rounds}: ` + round.map((s, i) => `${contenders[i]!.name} ${Math.round(s.rps)}`).join(", "));
    }
    const rows = contenders.map((c, i) => summarize(c.name, rounds.map((round) => [round[0]!, round[i]!])));
    const control = rows[1]!;
    return { rows: [rows[0]!, ...rows.slice(2)], control, rejected: rejection(control, rows, settings.tolerance), settings };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}

interface RoundSample extends WrkSample {
  cpuUsPerRequest: number;
}

async function checkAnswer(c: TogetherServer, server: ChildServer): Promise<void> {
  const url = new URL(c.path ?? "/", server.url);
  const res = await fetch(url, { headers: c.headers });
  const body = await res.text();
  const status = c.expectStatus ?? 200;
  if (res.status !== status) throw new Error(`${c.name}: GET ${url.pathname} answered ${res.status}, expected ${status}`);
  if (c.expectBody !== undefined && body !== c.expectBody) {
    throw new Error(`${c.name}: GET ${url.pathname} answered ${JSON.stringify(body.slice(0, 80))}, expected ${JSON.stringify(c.expectBody.slice(0, 80))}`);
  }
}

async function loadRound(contenders: TogetherServer[], started: ChildServer[], seconds: number, settings: TogetherResult["settings"]): Promise<RoundSample[]> {
  const trees = started.map((s) => processTree(s.pid));
  const before = trees.map((t) => cpuSeconds(t));
  const samples = await Promise.all(
    contenders.map((c, i) =>
      startWrk({ url: new URL(c.path ?? "/", started[i]!.url).href, seconds, connections: settings.connections, cpu: settings.loadCpu, headers: c.headers }),
    ),
  );
  return samples.map((sample, i) => {
    const used = cpuSeconds(new Set([...trees[i]!, ...processTree(started[i]!.pid)])) - before[i]!;
    return { ...sample, cpuUsPerRequest: (used * 1e6) / Math.max(sample.requests, 1) };
  });
}

/** pairs: per round, [baseline sample, this server's sample]. */
function summarize(name: string, pairs: [RoundSample, RoundSample][]): TogetherRow {
  const mine = pairs.map(([, s]) => s);
  return {
    name,
    rps: median(mine.map((s) => s.rps)),
    ratio: median(pairs.map(([b, s]) => s.rps / b.rps)),
    cpuUsPerRequest: median(mine.map((s) => s.cpuUsPerRequest)),
    cpuRatio: median(pairs.map(([b, s]) => b.cpuUsPerRequest / s.cpuUsPerRequest)),
    p99Ms: median(mine.map((s) => s.p99Ms)),
    failures: mine.reduce((n, s) => n + s.failures, 0),
  };
}

function rejection(control: TogetherRow, rows: TogetherRow[], tolerance: number): string | undefined {
  if (Math.abs(control.ratio - 1) > tolerance) {
    return `control came out at ${control.ratio.toFixed(2)}× its twin (allowed 1.00 ± ${tolerance}): too noisy, run again`;
  }
  const failing = rows.filter((r) => r.failures > 0);
  if (failing.length > 0) return `failed requests: ${failing.map((r) => `${r.name} ${r.failures}`).join(", ")}`;
  return undefined;
}

/** A markdown table of the result (baseline first, control last). */
export function formatTable(result: TogetherResult): string {
  const { settings: s } = result;
  const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
  const lines = [
    `measured together: servers on cpu ${s.serverCpu}, one wrk each on cpu ${s.loadCpu ?? "(unpinned)"} at the same moment; ` +
      `wrk -t1 -c${s.connections}, ${s.rounds} rounds × ${s.seconds} s after ${s.warmupSeconds} s warm-up; medians of per-round ratios`,
    "",
    `| server | req/s | × ${result.rows[0]!.name} | CPU µs/req | CPU × (higher is cheaper) | p99 ms |`,
    "|---|---|---|---|---|---|",
  ];
  for (const row of [...result.rows, result.control]) {
    lines.push(`| ${row.name} | ${fmt(row.rps)} | ${row.ratio.toFixed(2)} | ${row.cpuUsPerRequest.toFixed(1)} | ${row.cpuRatio.toFixed(2)} | ${row.p99Ms.toFixed(2)} |`);
  }
  lines.push("", result.rejected === undefined ? "control within tolerance: run accepted" : `REJECTED: ${result.rejected}`);
  return lines.join("\n");
}

/** Prints the table; a rejected run sets a failing exit code. */
export function printTable(result: TogetherResult): void {
  console.log(formatTable(result));
  if (result.rejected !== undefined) process.exitCode = 1;
}
