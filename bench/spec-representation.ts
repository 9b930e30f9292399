// SPEC §9.15 representation costs, measured together: header pairs vs a flat
// list, a status string parsed per response, and an extra UTF-8 path key.
// `cd bench && BENCH_ROUNDS=3 BENCH_SECONDS=3 pnpm exec tsx spec-representation.ts`
import { measureTogether, printTable } from "./lib/together.js";

const script = new URL("./lib/servers/spec-representation.ts", import.meta.url);
const path = "/caf%C3%A9/items/42";
const server = (name: string, mode: string) => ({ name, script, path, env: { SPEC_REPR: mode }, expectBody: "Hello world!\n" });
printTable(
  await measureTogether({
    servers: [
      server("flat header list, numeric status", "flat"),
      server("[name, value][] flattened per response", "pairs"),
      server("pairs + status string parsed", "pairs-status"),
      server("pairs + status + UTF-8 path key", "utf8-path"),
    ],
  }),
);
