import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Publishing and installing from a real registry takes minutes, not seconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
