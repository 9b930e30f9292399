// @tsgi/rewrite measured together (see lib/together.ts):
//   1. compress() on a 100 KiB JSON body against Express 5 + the compression
//      package (the baseline), for gzip and for br: the goal is ≥ 1.5× its req/s.
//   2. rewriteHeaders (five security headers) against the bare hello app: ≥ 0.97×;
//      and the app setting the same headers itself, to tell the middleware's
//      cost from the cost of sending five more headers.
// `pnpm --filter @tsgi/bench bench:rewrite` (BENCH_ROUNDS, BENCH_SECONDS,
// BENCH_CONNECTIONS, BENCH_WARMUP override; BENCH_ONLY=compress|headers runs one).
// Build first: `pnpm --filter @tsgi/rewrite... --filter @tsgi/server... build`.
import { measureTogether, printTable } from "./lib/together.js";

const script = (file: string): URL => new URL(`./lib/servers/${file}`, import.meta.url);
const only = process.env.BENCH_ONLY;

if (only === undefined || only === "compress") {
  for (const coding of ["gzip", "br"]) {
    const headers = { "Accept-Encoding": coding };
    console.log(`\ncompress, 100 KiB JSON, Accept-Encoding: ${coding}`);
    printTable(
      await measureTogether({
        servers: [
          { name: "express + compression", script: script("rewrite-express-compression.ts"), headers },
          { name: "tsgi compress()", script: script("rewrite-compress.ts"), headers },
        ],
        // Each request costs milliseconds of compression: fewer connections
        // keep queueing (and wrk timeouts) out of the comparison.
        connections: 16,
      }),
    );
  }
}

if (only === undefined || only === "headers") {
  const expectBody = "Hello world!\n";
  console.log("\nrewriteHeaders, hello world");
  printTable(
    await measureTogether({
      servers: [
        { name: "bare app", script: script("rewrite-bare.ts"), expectBody },
        { name: "rewriteHeaders(app, 5 headers)", script: script("rewrite-headers.ts"), expectBody },
        { name: "app setting the 5 headers itself", script: script("rewrite-headers.ts"), env: { REWRITE_INLINE: "1" }, expectBody },
        { name: "rewriteHeaders(app, 1 header)", script: script("rewrite-headers.ts"), env: { REWRITE_ONE: "1" }, expectBody },
      ],
    }),
  );
}
