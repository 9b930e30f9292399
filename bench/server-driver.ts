// The reference server before and after it moved onto core's response driver (#13), measured
// together: makeServer from two builds of @tsgi/server, each its own process on cpu 0, wrk on cpu 1.
// BENCH_BEFORE / BENCH_AFTER: the two builds' dist/index.js (default: a worktree of 9bb9067 at
// /tmp/tsgi-before, built with `pnpm --filter @tsgi/server... build`, and this checkout's).
// BENCH_APP=hello (default), async (the hello app as an async function), stream (an async generator of 16 × 4 KiB),
// chunks (a sync generator of 16 × 4 KiB) or two-layer (#22's 2-layer stack).
// `pnpm --filter @tsgi/bench exec tsx server-driver.ts` (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP).
import { fileURLToPath } from "node:url";
import { measureTogether, printTable } from "./lib/together.js";

const before = process.env.BENCH_BEFORE ?? "/tmp/tsgi-before/packages/server/dist/index.js";
const after = process.env.BENCH_AFTER ?? fileURLToPath(new URL("../packages/server/dist/index.js", import.meta.url));
const app = process.env.BENCH_APP ?? "hello";
const script = new URL("./lib/servers/server-driver-ab.ts", import.meta.url);
const expectBody =
  app === "stream" || app === "chunks" ? "x".repeat(16 * 4096) : app === "two-layer" ? "Hello world!\n -- Modified by middleware" : "Hello world!\n";

printTable(
  await measureTogether({
    servers: [
      { name: `makeServer ${app}, ${process.env.BENCH_BEFORE_NAME ?? "9bb9067 (own state machine)"}`, script, expectBody, env: { BENCH_SERVER_DIST: before, BENCH_APP: app } },
      { name: `makeServer ${app}, ${process.env.BENCH_AFTER_NAME ?? "on core's driver"}`, script, expectBody, env: { BENCH_SERVER_DIST: after, BENCH_APP: app } },
    ],
  }),
);
