// Bundles each entry to one ESM file in dist/. Deno and workerd cannot
// resolve a pnpm node_modules tree (and Deno cannot reach JSR here), so they
// get everything inlined; Node keeps its packages external.
import { build } from "esbuild";

const common = { bundle: true, format: "esm", target: "es2022", logLevel: "warning" };
await Promise.all([
  build({ ...common, entryPoints: ["node.ts"], outfile: "dist/node.js", platform: "node", packages: "external" }),
  build({ ...common, entryPoints: ["bun.ts"], outfile: "dist/bun.js", platform: "neutral" }),
  build({ ...common, entryPoints: ["deno.ts"], outfile: "dist/deno.js", platform: "neutral" }),
  build({ ...common, entryPoints: ["worker.ts"], outfile: "dist/worker.js", platform: "neutral", conditions: ["workerd", "worker"] }),
]);
