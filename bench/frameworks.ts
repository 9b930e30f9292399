/**
 * `tsgi serve` against raw node:http and the popular Node frameworks, all
 * answering `Hello World!` (text/plain; charset=utf-8) on 127.0.0.1. Each
 * server is a child process; autocannon (-c 50) runs in this one. Rounds are
 * interleaved (A B C … A B C …) so slow drifts of a shared machine hit every
 * server alike; the table shows medians. Not a test: run it by hand on an
 * otherwise idle machine (`pnpm --filter @tsgi/bench bench:frameworks`).
 *
 * BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS and BENCH_ONLY
 * (comma-separated parts of server names) may be set in the environment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "./lib/load.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BODY = "Hello World!";

const here = path.dirname(fileURLToPath(import.meta.url));
const TSGI_BIN = path.resolve(here, "../packages/server/bin/tsgi.js");


// Each server is a small ES module run with `node --input-type=module -e`, from this folder so
// imports resolve against bench/node_modules. PORT comes from the environment.
const HEADERS = `{ "Content-Type": "text/plain; charset=utf-8" }`;
const RAW = `
import http from "node:http";
http.createServer((req, res) => { res.writeHead(200, ${HEADERS}); res.end(${JSON.stringify(BODY)}); })
  .listen(Number(process.env.PORT), "127.0.0.1");`;
const SOURCES: Record<string, string> = {
  raw: RAW,
  fastify: `
import Fastify from "fastify";
const app = Fastify({ logger: false });
app.get("/", (request, reply) => { reply.type("text/plain; charset=utf-8").send(${JSON.stringify(BODY)}); });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });`,
  express: `
import express from "express";
const app = express();
app.get("/", (req, res) => { res.type("text/plain; charset=utf-8").send(${JSON.stringify(BODY)}); });
app.listen(Number(process.env.PORT), "127.0.0.1");`,
  koa: `
import Koa from "koa";
const app = new Koa();
app.use((ctx) => { ctx.type = "text/plain; charset=utf-8"; ctx.body = ${JSON.stringify(BODY)}; });
app.listen(Number(process.env.PORT), "127.0.0.1");`,
  hono: `
import { Hono } from "hono";
import { serve } from "@hono/node-server";
const app = new Hono();
app.get("/", (c) => c.text(${JSON.stringify(BODY)}));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });`,
};

// node:cluster workers re-run the primary's script, so this one must be a file (it imports only node:).
const RAW_CLUSTER = `
import cluster from "node:cluster";
import http from "node:http";
if (cluster.isPrimary) {
  for (let i = 0; i < 2; i++) cluster.fork();
  process.on("SIGTERM", () => { for (const w of Object.values(cluster.workers)) w.kill(); process.exit(0); });
} else {
  http.createServer((req, res) => { res.writeHead(200, ${HEADERS}); res.end(${JSON.stringify(BODY)}); })
    .listen(Number(process.env.PORT), "127.0.0.1");
}`;

const TSGI_APP = `
const body = new TextEncoder().encode(${JSON.stringify(BODY)});
export const app = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
  return [body];
};`;

interface Server {
  name: string;
  start(port: number): ChildProcess;
}

function nodeEval(name: string, source: string): Server {
  return {
    name,
    start: (port) =>
      spawn(process.execPath, ["--input-type=module", "-e", source], {
        cwd: here,
        env: { ...process.env, PORT: String(port), NODE_ENV: "production" },
        stdio: ["ignore", "ignore", "inherit"],
      }),
  };
}

function nodeFile(name: string, file: string): Server {
  return {
    name,
    start: (port) =>
      spawn(process.execPath, [file], {
        cwd: here,
        env: { ...process.env, PORT: String(port), NODE_ENV: "production" },
        stdio: ["ignore", "ignore", "inherit"],
      }),
  };
}

function tsgi(name: string, workers: number, appFile: string): Server {
  return {
    name,
    start: (port) =>
      spawn(
        process.execPath,
        [TSGI_BIN, "serve", appFile, "--bind", `127.0.0.1:${port}`, "--workers", String(workers), "--log-level", "warning"],
        { cwd: here, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] },
      ),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Waits until the server answers, then checks status, body and content type. */
async function verify(name: string, url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(url);
      const text = await res.text();
      const type = res.headers.get("content-type") ?? "";
      if (res.status !== 200 || text !== BODY || !/^text\/plain; charset=utf-8$/i.test(type)) {
        throw new Error(`${name} answered ${res.status} ${JSON.stringify(type)} ${JSON.stringify(text)}`);
      }
      return;
    } catch (error) {
      if ((error as Error).message.startsWith(name) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function version(pkg: string): string {
  try {
    // Read the file directly: some packages' "exports" hide package.json from require.resolve.
    return (JSON.parse(readFileSync(path.join(here, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "tsgi-bench-"));
  const appFile = path.join(dir, "hello.mjs");
  writeFileSync(appFile, TSGI_APP);
  const clusterFile = path.join(dir, "raw-cluster.mjs");
  writeFileSync(clusterFile, RAW_CLUSTER);
  const all: Server[] = [
    nodeEval("raw node:http", SOURCES.raw!),
    tsgi("tsgi serve --workers 1", 1, appFile),
    nodeFile("raw node:http, node:cluster 2 workers", clusterFile),
    tsgi("tsgi serve --workers 2", 2, appFile),
    nodeEval("Fastify 5", SOURCES.fastify!),
    nodeEval("Express 5", SOURCES.express!),
    nodeEval("Koa 3", SOURCES.koa!),
    nodeEval("Hono 4 on @hono/node-server", SOURCES.hono!),
  ];
  const only = process.env.BENCH_ONLY?.split(",");
  const servers = only === undefined ? all : all.filter((s) => only.some((o) => s.name.toLowerCase().includes(o.toLowerCase())));
  const samples = new Map<string, { rps: number; p99: number }[]>(servers.map((s) => [s.name, []]));

  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of servers) {
        const port = await freePort();
        const child = server.start(port);
        const url = `http://127.0.0.1:${port}/`;
        try {
          await verify(server.name, url);
          await load(url, WARMUP, CONNECTIONS);
          const r = await load(url, SECONDS, CONNECTIONS);
          if (r.failures > 0) throw new Error(`${server.name}: ${r.failures} failed requests during the run`);
          samples.get(server.name)!.push({ rps: r.rps, p99: r.p99 });
          process.stderr.write(`round ${round}/${ROUNDS} ${server.name}: ${fmt(r.rps)} req/s, p99 ${r.p99} ms\n`);
        } finally {
          await stop(child);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rawName = servers.find((s) => s.name === "raw node:http")?.name;
  const rawMedian = rawName === undefined ? undefined : median(samples.get(rawName)!.map((s) => s.rps));
  const lines = [
    `| Server | req/s median [min–max] | × raw node:http | p99 ms (median) |`,
    `|---|---|---|---|`,
  ];
  for (const server of servers) {
    const rps = samples.get(server.name)!.map((s) => s.rps);
    const p99 = samples.get(server.name)!.map((s) => s.p99);
    const m = median(rps);
    lines.push(
      `| ${server.name} | ${fmt(m)} [${fmt(Math.min(...rps))}–${fmt(Math.max(...rps))}] | ` +
        `${rawMedian === undefined ? "–" : (m / rawMedian).toFixed(2)} | ${median(p99)} |`,
    );
  }
  const versions = ["fastify", "express", "koa", "hono", "@hono/node-server", "autocannon"].map((p) => `${p} ${version(p)}`);
  process.stdout.write(
    `\n${ROUNDS} interleaved rounds × ${SECONDS} s (after ${WARMUP} s warm-up), autocannon -c ${CONNECTIONS}, Node ${process.version}\n\n` +
      lines.join("\n") +
      `\n\nVersions: ${versions.join(", ")}\n`,
  );
}

await main();
