import { execFileSync, spawn } from "node:child_process";

export interface WrkSample {
  rps: number;
  requests: number;
  /** Non-2xx/3xx responses plus socket errors: any makes the round suspect. */
  failures: number;
  p99Ms: number;
}

export interface WrkRun {
  url: string;
  seconds: number;
  connections: number;
  /** The CPU wrk is pinned to; undefined runs it unpinned. */
  cpu: string | undefined;
  headers?: Record<string, string>;
}

/** Installs Debian's wrk when it is missing (benchmarks only; CI never runs them). */
export function ensureWrk(): void {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return;
  } catch (error) {
    // wrk --version exits 1 after printing its version: only ENOENT means it is missing
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return;
  }
  console.error("wrk is missing: installing Debian's wrk (apt-get)");
  execFileSync("sh", ["-c", "apt-get update -qq && apt-get install -y -qq wrk"], { stdio: "inherit" });
}

/** Starts one wrk now; resolves with its figures when it ends. */
export function startWrk(run: WrkRun): Promise<WrkSample> {
  const args = ["-t1", `-c${run.connections}`, `-d${run.seconds}s`, "--latency"];
  for (const [name, value] of Object.entries(run.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(run.url);
  const [command, argv] = run.cpu === undefined ? ["wrk", args] : ["taskset", ["-c", run.cpu, "wrk", ...args]];
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", () => {
      try {
        resolve(parseWrk(out));
      } catch (error) {
        reject(new Error(`wrk against ${run.url}: ${(error as Error).message}\n${out.slice(-400)}`));
      }
    });
  });
}

export function parseWrk(out: string): WrkSample {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const requests = /(\d+) requests in/.exec(out);
  if (rps === null || requests === null) throw new Error("wrk printed no figures");
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((n, x) => n + Number(x), 0);
  return { rps: Number(rps[1]), requests: Number(requests[1]), failures: non2xx + socketErrors, p99Ms: latencyMs(out) };
}

function latencyMs(out: string): number {
  const m = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(out);
  if (m === null) return Number.NaN;
  const scale = { us: 0.001, ms: 1, s: 1000 }[m[2] as "us" | "ms" | "s"];
  return Number(m[1]) * scale;
}
