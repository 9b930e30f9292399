import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const child = fileURLToPath(new URL("./fixtures/memory-child.ts", import.meta.url));

interface ChildResult {
  inner: number;
  innerBytes: number;
  out: number;
  pulls: number;
  contentLength?: string;
  growthMiB: number;
}

/** Runs fixtures/memory-child.ts with `which` and parses what it reports. */
async function measure(which: string): Promise<ChildResult> {
  // The young generation is pinned at Node 20's 16 MiB semi-space: from Node 22 V8 sizes it from the
  // machine's memory, and on Node 24 it alone grew RSS by ~100 MiB here (17 MiB pinned, as on Node 20),
  // which says nothing about what the rewriter retains.
  const { stdout } = await run(process.execPath, ["--max-semi-space-size=16", "--import", "tsx", child, which], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    maxBuffer: 1024 * 1024,
    timeout: 170_000,
  });
  return JSON.parse(stdout) as ChildResult;
}

// Memory, never time: the child streams 1 GiB and reports how far its RSS grew
// past the point where everything was warm.
describe("constant memory", () => {
  it.each([["rewriteText"], ["compress"]])("streams 1 GiB through %s with peak RSS growth under 64 MiB", async (which) => {
    const result = await measure(which);
    expect(result.innerBytes).toBeGreaterThanOrEqual(1024 ** 3); // the whole GiB went in
    expect(result.pulls).toBeGreaterThanOrEqual(result.inner); // at least one chunk out per chunk in: it streamed
    expect(result.out).toBeGreaterThan(0);
    expect(result.growthMiB).toBeLessThan(64);
  }, 180_000);

  // A decompression bomb: one upstream chunk of ~4.5 MiB that gunzips to 1 GiB.
  // Decoding must stream in bounded pieces; the Array form is too large to
  // decode whole, so it streams too (and loses its Content-Length).
  it.each([["bomb"], ["bomb-array"]])("decodes a 1 GiB gzip bomb sent as one chunk (%s) with peak RSS growth under 64 MiB", async (which) => {
    const result = await measure(which);
    expect(result.inner).toBe(1);
    expect(result.out).toBe(1024 ** 3 + "end".length);
    expect(result.pulls).toBeGreaterThan(1024); // came out in pieces, not as one GiB chunk
    expect(result.contentLength).toBeUndefined();
    expect(result.growthMiB).toBeLessThan(64);
  }, 180_000);
});
