// Hello world measured together: raw node:http (baseline and control) and
// the tsgi reference server on examples/hello. `pnpm --filter @tsgi/bench bench:together`
// (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP override).
// Build @tsgi/server first (`pnpm --filter @tsgi/server... build`).
import { measureTogether, printTable } from "./lib/together.js";

const expectBody = "Hello world!\n";
const servers = (name: string, file: string) => ({ name, script: new URL(`./lib/servers/${file}`, import.meta.url), expectBody });
printTable(
  await measureTogether({
    servers: [
      servers("raw node:http", "raw-hello.ts"),
      servers("raw node:http, handler in setImmediate", "raw-hello-deferred.ts"),
      servers("makeServer: examples/hello simpleApp", "tsgi-hello.ts"),
      servers("makeServer: body encoded once", "tsgi-hello-const.ts"),
    ],
  }),
);
