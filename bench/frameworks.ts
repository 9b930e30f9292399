/**
 * Hello world on raw node:http, tsgi and the popular Node frameworks,
 * measured together (bench/lib/together.ts): every server pinned to cpu 0,
 * each loaded by its own wrk on cpu 1 at the same moment, ratios per round,
 * medians of rounds, and a control twin of raw node:http that must come out
 * 1.00 ± 0.05 or the run is rejected. Every server answers the same bytes
 * (`Hello world!\n`, text/plain; charset=utf-8); the frameworks add their own
 * headers. `pnpm --filter @tsgi/bench bench:frameworks` (BENCH_ROUNDS,
 * BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override; BENCH_ONLY=a,b keeps
 * the servers whose names contain one of the parts, besides the baseline).
 * Build first: `pnpm --filter @tsgi/server... build`.
 */
import { measureTogether, printTable, type TogetherServer } from "./lib/together.js";

const server = (name: string, file: string, env?: Record<string, string>): TogetherServer => ({
  name,
  script: new URL(`./lib/servers/${file}`, import.meta.url),
  expectBody: "Hello world!\n",
  ...(env === undefined ? {} : { env }),
});

const all = [
  server("raw node:http, handler in setImmediate", "raw-hello-deferred.ts"),
  server("tsgi serve --workers 1", "tsgi-serve-cli.ts", { WORKERS: "1", APP_MODULE: "tsgi-serve-hello.mjs" }),
  server("makeServer's listener", "tsgi-hello-const.ts"),
  server("Fastify 5", "framework-fastify.ts"),
  server("Hono 4 on @hono/node-server", "framework-hono.ts"),
  server("Koa 3", "framework-koa.ts"),
  server("Express 5", "framework-express.ts"),
];
const only = process.env.BENCH_ONLY?.split(",").map((part) => part.trim().toLowerCase());
const chosen = only === undefined ? all : all.filter((s) => only.some((part) => s.name.toLowerCase().includes(part)));

printTable(await measureTogether({ servers: [server("raw node:http", "raw-hello.ts"), ...chosen] }));
