import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const child = fileURLToPath(new URL("./fixtures/memory-child.ts", import.meta.url));

// Memory, never time: the child streams 1 GiB and reports how far its RSS grew
// past the point where everything was warm.
describe("constant memory", () => {
  it.each([["rewriteText"], ["compress"]])("streams 1 GiB through %s with peak RSS growth under 64 MiB", async (which) => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", child, which], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      maxBuffer: 1024 * 1024,
      timeout: 170_000,
    });
    const result = JSON.parse(stdout) as { inner: number; innerBytes: number; out: number; pulls: number; growthMiB: number };
    expect(result.innerBytes).toBeGreaterThanOrEqual(1024 ** 3); // the whole GiB went in
    expect(result.pulls).toBeGreaterThanOrEqual(result.inner); // at least one chunk out per chunk in: it streamed
    expect(result.out).toBeGreaterThan(0);
    expect(result.growthMiB).toBeLessThan(64);
  }, 180_000);
});
