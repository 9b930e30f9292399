import { defineConfig } from "vitest/config";

// Under CI every package's tests share two cores (see test/cli/helpers.ts WAIT_SCALE).
const scale = Number(process.env.TSGI_TEST_WAIT_SCALE ?? (process.env.CI ? 3 : 1));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000 * scale,
    hookTimeout: 20_000 * scale,
  },
});
