// examples/stack's layers, one more per server, measured together with the
// bare hello app: the cost of each layer in CPU µs per request.
// `pnpm --filter @tsgi/bench bench:stack` (build the packages first).
import { formatTable, measureTogether } from "./lib/together.js";

const names = ["bare hello", "+ errors", "+ staticFiles (falls through)", "+ rewriteHeaders", "+ dispatch"];
const result = await measureTogether({
  servers: names.map((name, layers) => ({
    name,
    script: new URL("./lib/servers/stack-layers.ts", import.meta.url),
    path: "/hello",
    env: { STACK_LAYERS: String(layers) },
    expectBody: "Hello world!\n",
  })),
});
console.log(formatTable(result));
console.log("\n| layer | CPU µs/req added |\n|---|---|");
for (let i = 1; i < result.rows.length; i++) {
  console.log(`| ${result.rows[i]!.name} | ${(result.rows[i]!.cpuUsPerRequest - result.rows[i - 1]!.cpuUsPerRequest).toFixed(1)} |`);
}
if (result.rejected !== undefined) process.exitCode = 1;
