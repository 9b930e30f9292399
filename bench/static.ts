// @tsgi/static against sirv 3 (production mode), serve-static 2 and a raw fs.createReadStream server,
// measured together (bench/lib/together.ts). `pnpm --filter @tsgi/bench bench:static`
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS override; BENCH_STATIC=1k or 1m runs one table;
// BENCH_STATIC_PAIR=1 leaves serve-static out of the 1 KiB table, so fewer wrk share the load cpu).
// Build first: `pnpm --filter @tsgi/static... build`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measureTogether, printTable, type TogetherServer } from "./lib/together.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsgi-bench-static-"));
fs.writeFileSync(path.join(root, "1k.txt"), "k".repeat(1024));
fs.writeFileSync(path.join(root, "1m.txt"), "m".repeat(1024 * 1024));
const env = { STATIC_ROOT: root };
const server = (name: string, file: string, urlPath: string): TogetherServer => ({
  name,
  script: new URL(`./lib/servers/${file}`, import.meta.url),
  path: urlPath,
  env,
});

const which = process.env.BENCH_STATIC;
try {
  if (which === undefined || which === "1k") {
    console.log("\n1 KiB file (baseline: sirv 3, dev: false)");
    printTable(
      await measureTogether({
        servers: [
          server("sirv 3, production mode", "static-sirv.ts", "/1k.txt"),
          server("@tsgi/static on makeServer's listener", "static-tsgi.ts", "/1k.txt"),
          ...(process.env.BENCH_STATIC_PAIR ? [] : [server("serve-static 2 + finalhandler", "static-serve-static.ts", "/1k.txt")]),
        ],
      }),
    );
  }
  if (which === undefined || which === "1m") {
    console.log("\n1 MiB file (baseline: raw fs.createReadStream piped into node:http)");
    printTable(
      await measureTogether({
        connections: 10,
        servers: [
          server("raw fs.createReadStream", "static-raw-stream.ts", "/1m.txt"),
          server("@tsgi/static on makeServer's listener", "static-tsgi.ts", "/1m.txt"),
          server("sirv 3, production mode", "static-sirv.ts", "/1m.txt"),
        ],
      }),
    );
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
