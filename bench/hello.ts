// Hello world on @tsgi/server against raw node:http (same bytes, same headers).
// Not a test: a measurement. `pnpm --filter @tsgi/bench bench`; tune with
// BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS, and BENCH_PIN=<cpu>
// to pin the servers (e.g. `BENCH_PIN=0 taskset -c 1 pnpm … bench`).
// Build @tsgi/server first (`pnpm --filter @tsgi/server build`).
import { compare, optionsFromEnv } from "./lib/compare.js";

const expectBody = "Hello world!\n";
const report = await compare(
  [
    { name: "raw node:http", script: new URL("./lib/servers/raw-hello.ts", import.meta.url), expectBody },
    { name: "tsgi: examples/hello simpleApp", script: new URL("./lib/servers/tsgi-hello.ts", import.meta.url), expectBody },
    { name: "tsgi: same app, body encoded once", script: new URL("./lib/servers/tsgi-hello-const.ts", import.meta.url), expectBody },
  ],
  optionsFromEnv({ rounds: 3, seconds: 5, warmupSeconds: 2, connections: 50 }),
);
console.log(report);
