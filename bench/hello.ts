// Hello world on @tsgi/server against raw node:http (same bytes, same headers).
// Not a test: a measurement. `pnpm --filter @tsgi/bench bench`; tune with
// BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS.
// Build @tsgi/server first (`pnpm --filter @tsgi/server build`).
import { compare, optionsFromEnv } from "./lib/compare.js";

const expectBody = "Hello world!\n";
const report = await compare(
  [
    { name: "raw node:http", script: new URL("./lib/servers/raw-hello.ts", import.meta.url), expectBody },
    { name: "tsgi (@tsgi/server)", script: new URL("./lib/servers/tsgi-hello.ts", import.meta.url), expectBody },
  ],
  optionsFromEnv({ rounds: 3, seconds: 5, warmupSeconds: 2, connections: 50 }),
);
console.log(report);
