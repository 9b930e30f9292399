// HTTPS and HTTP/2 hello, measured together: makeServer({ tls }) against node:https, and
// makeServer({ tls, http2: true }) against node:http2's secure server (allowHTTP1, compat API),
// each with a control twin of its baseline. HTTPS is loaded by wrk (lib/together.ts); HTTP/2 by
// h2load (Debian's nghttp2-client, installed when missing), in the same together scheme:
// every server pinned to one cpu, one load generator each at the same moment, per-round ratios.
// `pnpm --filter @tsgi/bench bench:protocols` (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS,
// BENCH_STREAMS). Build @tsgi/server first. BENCH_H2_BEFORE=<a copy of packages/server/dist>/index.js
// (several: comma-separated) adds each build's makeServer({ tls, http2: true }) to the HTTP/2 table:
// an A/B measured together (the copy must sit inside packages/server, where @tsgi/core resolves: e.g. .h2-ab/dist/).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import * as http2 from "node:http2";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { startChildServer, type ChildServer } from "./lib/child-server.js";
import { cpuSeconds, processTree } from "./lib/proc-cpu.js";
import { measureTogether, printTable } from "./lib/together.js";

const expectBody = "Hello world!\n";
const dir = mkdtempSync(join(tmpdir(), "tsgi-bench-tls-"));
const cert = join(dir, "cert.pem");
const key = join(dir, "key.pem");
execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
const env = { BENCH_TLS_CERT: cert, BENCH_TLS_KEY: key };
// The check request of lib/together.ts uses fetch, which must accept the self-signed certificate.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
const script = (file: string) => new URL(`./lib/servers/${file}`, import.meta.url);

const number = (name: string, fallback: number): number => Number(process.env[name] || fallback);
const rounds = number("BENCH_ROUNDS", 5);
const seconds = number("BENCH_SECONDS", 5);
const connections = number("BENCH_CONNECTIONS", 50);
const streams = number("BENCH_STREAMS", 10);
const serverCpu = process.env.BENCH_SERVER_CPU ?? "0";
const loadCpu = availableParallelism() > 1 ? String(availableParallelism() - 1) : undefined;

// BENCH_PROTOCOLS=https or =h2 runs one part only.
const only = process.env.BENCH_PROTOCOLS;
try {
  if (only !== "h2") await measureHttps();
  if (only !== "https") {
    console.log("\n## HTTP/2\n");
    await measureH2();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function measureHttps(): Promise<void> {
  console.log("## HTTPS (HTTP/1.1 over TLS)\n");
  printTable(
    await measureTogether({
      servers: [
        { name: "node:https", script: script("protocols-node-https.ts"), env, expectBody },
        { name: "makeServer({ tls }): examples/hello simpleApp", script: script("protocols-tsgi.ts"), env, expectBody },
      ],
    }),
  );
}

interface H2Sample {
  rps: number;
  requests: number;
  failed: number;
  cpuUsPerRequest: number;
}

async function measureH2(): Promise<void> {
  ensureH2load();
  const contenders = [
    { name: "node:http2 (compat API, allowHTTP1)", file: "protocols-node-h2.ts", env },
    { name: "node:http2 (control)", file: "protocols-node-h2.ts", env },
    { name: "makeServer({ tls, http2: true }): examples/hello simpleApp", file: "protocols-tsgi.ts", env: { ...env, BENCH_HTTP2: "1" } },
  ];
  for (const before of (process.env.BENCH_H2_BEFORE ?? "").split(",").filter(Boolean)) {
    contenders.push({ name: `the same, build at ${before}`, file: "h2-ab.ts", env: { ...env, BENCH_SERVER_DIST: before } });
  }
  const started: ChildServer[] = [];
  try {
    for (const c of contenders) started.push(await startChildServer(c.name, script(c.file), { pin: serverCpu, env: c.env }));
    for (const s of started) await checkH2(s);
    await h2RoundRetried(started, 2);
    const all: H2Sample[][] = [];
    for (let r = 1; r <= rounds; r++) {
      const round = await h2RoundRetried(started, seconds);
      all.push(round);
      console.error(`h2 round ${r}/${rounds}: ` + round.map((s, i) => `${contenders[i]!.name} ${Math.round(s.rps)}`).join(", "));
    }
    const median = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    console.log(
      `measured together: servers on cpu ${serverCpu}, one h2load each on cpu ${loadCpu ?? "(unpinned)"} at the same moment; ` +
        `h2load -c${connections} -m${streams}, ${rounds} rounds × ${seconds} s after 2 s warm-up; medians of per-round ratios\n`,
    );
    console.log(`| server | req/s | × ${contenders[0]!.name} | CPU µs/req | CPU × (higher is cheaper) | failed |`);
    console.log("|---|---|---|---|---|---|");
    // The baseline first, its control last.
    const order = [0, ...[...contenders.keys()].filter((i) => i > 1), 1];
    for (const i of order) {
      const mine = all.map((round) => round[i]!);
      const ratio = median(all.map((round) => round[i]!.rps / round[0]!.rps));
      const cpuRatio = median(all.map((round) => round[0]!.cpuUsPerRequest / round[i]!.cpuUsPerRequest));
      const failed = mine.reduce((n, s) => n + s.failed, 0);
      console.log(
        `| ${contenders[i]!.name} | ${Math.round(median(mine.map((s) => s.rps))).toLocaleString("en-US")} | ${ratio.toFixed(2)} | ${median(mine.map((s) => s.cpuUsPerRequest)).toFixed(1)} | ${cpuRatio.toFixed(2)} | ${failed} |`,
      );
    }
    const control = median(all.map((round) => round[1]!.rps / round[0]!.rps));
    if (Math.abs(control - 1) > 0.05) console.log(`\nREJECTED: control came out at ${control.toFixed(2)}× its twin (allowed 1.00 ± 0.05): too noisy, run again`);
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}

function ensureH2load(): void {
  try {
    execFileSync("h2load", ["--version"], { stdio: "ignore" });
  } catch {
    console.error("h2load is missing: installing Debian's nghttp2-client (apt-get)");
    execFileSync("sh", ["-c", "apt-get update -qq && apt-get install -y -qq nghttp2-client"], { stdio: "inherit" });
  }
}

async function checkH2(server: ChildServer): Promise<void> {
  const session = http2.connect(server.url, { rejectUnauthorized: false });
  try {
    const body = await new Promise<string>((resolve, reject) => {
      const req = session.request({ ":path": "/" });
      let text = "";
      req.setEncoding("utf8").on("data", (d: string) => (text += d)).on("end", () => resolve(text)).on("error", reject);
    });
    if (body !== expectBody) throw new Error(`${server.name}: answered ${JSON.stringify(body)} over HTTP/2`);
  } finally {
    session.close();
  }
}

// h2load now and then never returns after its duration under load, against node's own server as
// well as ours (it waits for streams it stopped); such a round is run again, all servers together.
async function h2RoundRetried(started: ChildServer[], duration: number): Promise<H2Sample[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await h2Round(started, duration);
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`h2 round again: ${(error as Error).message.split("\n")[0]}`);
    }
  }
}

async function h2Round(started: ChildServer[], duration: number): Promise<H2Sample[]> {
  const trees = started.map((s) => processTree(s.pid));
  const before = trees.map((t) => cpuSeconds(t));
  const outputs = await Promise.all(started.map((s) => runH2load(s.url, duration)));
  return outputs.map((out, i) => {
    const rps = Number(/finished in [\d.]+s, ([\d.]+) req\/s/.exec(out)?.[1] ?? NaN);
    const done = /requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(out);
    if (!Number.isFinite(rps) || done === null) throw new Error(`h2load against ${started[i]!.name} printed no figures (killed after waiting?):\n${out.slice(-400)}`);
    const used = cpuSeconds(trees[i]!) - before[i]!;
    const requests = Number(done[2]);
    return { rps, requests, failed: Number(done[3]) + Number(done[4]), cpuUsPerRequest: (used * 1e6) / Math.max(requests, 1) };
  });
}

function runH2load(url: string, duration: number): Promise<string> {
  const args = ["-D", String(duration), "-c", String(connections), "-m", String(streams), "-t", "1", url];
  const [command, argv] = loadCpu === undefined ? ["h2load", args] : ["taskset", ["-c", loadCpu, "h2load", ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    // A stuck h2load (it waits for every open stream after its duration) must not stall the run.
    const guard = setTimeout(() => child.kill("SIGKILL"), (duration + 15) * 1000);
    child.once("error", reject);
    child.once("close", () => {
      clearTimeout(guard);
      resolve(out);
    });
    if (process.env.BENCH_DEBUG) child.stdout.on("data", (c: Buffer) => process.stderr.write(c));
  });
}
