// @tsgi/errors measured together: the bare hello app (baseline and control)
// against the same app behind errors(), and behind errors({ statusPages: true }),
// on a request that does not fail. `pnpm --filter @tsgi/bench bench:errors`
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override).
// Build first: `pnpm --filter @tsgi/errors... --filter @tsgi/server... build`.
import { measureTogether, printTable } from "./lib/together.js";

const expectBody = "Hello world!\n";
const script = (file: string): URL => new URL(`./lib/servers/${file}`, import.meta.url);
printTable(
  await measureTogether({
    servers: [
      { name: "bare app", script: script("errors-bare.ts"), expectBody },
      { name: "errors(app)", script: script("errors-wrapped.ts"), expectBody },
      { name: "errors(app, { statusPages: true })", script: script("errors-wrapped.ts"), env: { ERRORS_STATUS_PAGES: "1" }, expectBody },
    ],
  }),
);
