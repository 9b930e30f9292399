// core(#15)'s middleware helpers measured together: the bare hello app
// (baseline and control) against the same app behind a footer middleware on
// callApp + respond + mapBody, once with mapBody keeping the Array body and
// once forced to stream it. `pnpm --filter @tsgi/bench bench:core-helpers`
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override).
// Build first: `pnpm --filter @tsgi/server... build`.
import { measureTogether, printTable } from "./lib/together.js";

const script = new URL("./lib/servers/core-footer.ts", import.meta.url);
printTable(
  await measureTogether({
    servers: [
      { name: "bare hello", script, expectBody: "Hello world!\n" },
      { name: "footer, mapBody keeps the Array", script, env: { CORE_FOOTER: "array" }, expectBody: "Hello world!\n -- footer\n" },
      { name: "footer, body forced to stream", script, env: { CORE_FOOTER: "stream" }, expectBody: "Hello world!\n -- footer\n" },
    ],
  }),
);
