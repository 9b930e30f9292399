/**
 * Issue #22's targets, measured together (bench/lib/together.ts): makeServer
 * and `tsgi serve` hello, a 2-layer middleware stack and an async app against
 * raw node:http (and Fastify), then a 16 × 4 KiB sync-generator body against
 * raw node:http writing the same chunks. `pnpm --filter @tsgi/bench bench:targets`
 * (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override;
 * BENCH_TARGETS=hello or chunks runs one table). Build first: `pnpm --filter @tsgi/server... build`.
 */
import { measureTogether, printTable, type TogetherResult, type TogetherServer } from "./lib/together.js";

const server = (name: string, file: string, env?: Record<string, string>, expectBody?: string): TogetherServer => ({
  name,
  script: new URL(`./lib/servers/${file}`, import.meta.url),
  ...(expectBody === undefined ? {} : { expectBody }),
  ...(env === undefined ? {} : { env }),
});
const HELLO = "Hello world!\n";

function versusFastify(result: TogetherResult): void {
  const fastify = result.rows.find((row) => row.name.startsWith("Fastify"));
  if (fastify === undefined) return;
  for (const row of result.rows) console.log(`${row.name}: ${(row.ratio / fastify.ratio).toFixed(2)}× Fastify (CPU ${(row.cpuRatio / fastify.cpuRatio).toFixed(2)}×)`);
}

const which = process.env.BENCH_TARGETS;
if (which === undefined || which === "hello") {
  console.log("\nhello: targets ≥ 1.20× raw and ≥ 1.25× Fastify; 2-layer stack ≥ 1.10×; async app ≥ 1.10×");
  const result = await measureTogether({
    servers: [
      server("raw node:http", "raw-hello.ts", undefined, HELLO),
      server("makeServer's listener", "tsgi-hello-const.ts", undefined, HELLO),
      server("tsgi serve --workers 1", "tsgi-serve-cli.ts", { WORKERS: "1", APP_MODULE: "tsgi-serve-hello.mjs" }, HELLO),
      server("2-layer stack (simpleMiddleware + withStartResponse)", "tsgi-targets.ts", { TARGET: "two-layer" }),
      server("async app", "tsgi-targets.ts", { TARGET: "async" }, HELLO),
      server("Fastify 5", "framework-fastify.ts", undefined, HELLO),
    ],
  });
  printTable(result);
  versusFastify(result);
}
if (which === undefined || which === "chunks") {
  console.log("\n16 × 4 KiB sync generator: target ≥ 1.0× raw node:http writing the same chunks");
  const result = await measureTogether({
    servers: [
      server("raw node:http, 16 res.write()", "raw-chunks.ts"),
      server("makeServer, sync generator", "tsgi-targets.ts", { TARGET: "chunks" }),
      server("makeServer, a generator function made per request", "tsgi-targets.ts", { TARGET: "chunks-inline" }),
    ],
  });
  printTable(result);
}
