import { afterEach, describe, expect, it } from "vitest";
import { killChildren, runTsgi } from "./helpers.js";

afterEach(killChildren);

// Issue #14 item 7: loading the app is bounded by --timeout, however it hangs.

describe("tsgi serve: boot bounded by --timeout", () => {
  it.each([
    ["a top-level await that never settles", "never-settles.ts"],
    ["a top level that never returns", "blocks-at-boot.ts"],
  ])("exits 1 with a clear message for %s", async (_what, module) => {
    const r = await runTsgi(["serve", module, "--bind", "127.0.0.1:0", "--timeout", "6"], { ms: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/WORKER TIMEOUT \(pid:\d+\)/);
    expect(r.stderr).toMatch(/tsgi: error: the app did not finish loading within 6 s \(--timeout\)\n$/);
    expect(r.stderr).not.toMatch(/Listening at/);
  }, 40_000);

  it("says so when a short --timeout was raised to the loading floor", async () => {
    const r = await runTsgi(["serve", "never-settles.ts", "--bind", "127.0.0.1:0", "--timeout", "1"], { ms: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tsgi: error: the app did not finish loading within 5 s \(--timeout, at least 5 s for loading\)\n$/);
  }, 40_000);
});
