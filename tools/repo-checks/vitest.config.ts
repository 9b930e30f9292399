import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // test/fixtures holds files that look like tests of a fake package; they are lint input only.
    include: ["test/*.test.ts"],
    testTimeout: 30_000,
  },
});
