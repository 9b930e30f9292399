// @tsgi/dispatch measured together, twice: (1) 10,000 mounts against 10 mounts (baseline and
// control: 10), which shows whether lookup cost grows with the table, and (2) 10 mounts against
// the bare hello app (baseline and control: bare), the price of dispatching at all. Every server
// answers GET /m7/hello with the same hello app. `pnpm --filter @tsgi/bench bench:dispatch`
// A third run separates the environ copy from the dispatcher: the bare app against the same app
// handed `{ ...environ }`, and against one that only reads `tsgi.signal` (which a copy reads too).
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override; BENCH_DISPATCH=scale|bare|copy runs one table).
// Build first: `pnpm --filter @tsgi/dispatch... --filter @tsgi/server... build`.
import { measureTogether, printTable } from "./lib/together.js";

const script = new URL("./lib/servers/dispatch-mounts.ts", import.meta.url);
const server = (name: string, mounts: number) => ({
  name,
  script,
  path: "/m7/hello",
  env: { MOUNTS: String(mounts) },
  expectBody: "Hello world!\n",
});

// BENCH_DISPATCH=scale|bare|copy runs one table (default: all three).
const only = process.env.BENCH_DISPATCH;
if (only === undefined || only === "scale") {
  console.log("## 10,000 mounts vs 10 mounts (target ≥ 0.95×)");
  printTable(await measureTogether({ servers: [server("dispatch, 10 mounts", 10), server("dispatch, 10,000 mounts", 10_000)] }));
}
if (only === undefined || only === "bare") {
  console.log("\n## 10 mounts vs the bare app (target ≥ 0.97×)");
  printTable(await measureTogether({ servers: [server("bare hello app", 0), server("dispatch, 10 mounts", 10)] }));
}

const copyScript = new URL("./lib/servers/dispatch-copy.ts", import.meta.url);
const copy = (name: string, mode: string) => ({ name, script: copyScript, env: { MODE: mode }, expectBody: "Hello world!\n" });
if (only === undefined || only === "copy") {
  console.log("\n## what the environ copy costs, without a dispatcher");
  printTable(await measureTogether({ servers: [copy("bare hello app", "bare"), copy("app given { ...environ }", "spread"), copy("app reads tsgi.signal", "signal")] }));
}
