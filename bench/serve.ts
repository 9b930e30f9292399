// `tsgi serve` measured together: workers accepting on the shared socket (SCHED_NONE, the default
// since issue #14) against node:cluster's round-robin (NODE_CLUSTER_SCHED_POLICY=rr, the old
// default, the baseline), for 1 and 2 workers. `pnpm --filter @tsgi/bench bench:serve`
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override).
// Build @tsgi/server first (`pnpm --filter @tsgi/server... build`).
import { measureTogether, printTable } from "./lib/together.js";

const script = new URL("./lib/servers/tsgi-serve-cli.ts", import.meta.url);
const server = (name: string, env: Record<string, string>) => ({ name, script, env, expectBody: "Hello World!" });
printTable(
  await measureTogether({
    servers: [
      server("tsgi serve --workers 1, round-robin", { WORKERS: "1", NODE_CLUSTER_SCHED_POLICY: "rr" }),
      server("tsgi serve --workers 1, shared accept", { WORKERS: "1" }),
      server("tsgi serve --workers 2, round-robin", { WORKERS: "2", NODE_CLUSTER_SCHED_POLICY: "rr" }),
      server("tsgi serve --workers 2, shared accept", { WORKERS: "2" }),
    ],
  }),
);
