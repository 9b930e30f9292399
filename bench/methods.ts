// @tsgi/methods measured together: the bare hello app (baseline and control)
// against the same app as GET of a ten-method methods() table, and that table
// behind methodOverride. `pnpm --filter @tsgi/bench bench:methods`
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override).
// Build first: `pnpm --filter @tsgi/methods... --filter @tsgi/server... build`.
import { measureTogether, printTable } from "./lib/together.js";

const expectBody = "Hello world!\n";
const server = (name: string, file: string) => ({ name, script: new URL(`./lib/servers/${file}`, import.meta.url), expectBody });
printTable(
  await measureTogether({
    servers: [
      server("bare app", "methods-bare.ts"),
      server("methods(): GET of a 10-method table", "methods-table.ts"),
      server("methodOverride(methods(10 methods)), GET", "methods-overridden.ts"),
    ],
  }),
);
