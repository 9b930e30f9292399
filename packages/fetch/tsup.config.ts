import { defineConfig } from "tsup";

export default defineConfig({
  // `node` is its own entry so runtime bundles (Workers, Deno) that import
  // only the fetch bridges never pull in node:http.
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  target: "node20",
  // Keep `node:` specifiers: Deno and Bun resolve them, bare `http` fails in Deno.
  removeNodeProtocol: false,
});
