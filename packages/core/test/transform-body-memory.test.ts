import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// In a child process, so the measurement is the transform's alone: 256 MiB
// through transformBody (0..n chunks per chunk) and mapBody must not grow
// the heap and ArrayBuffer memory by more than a few MiB.
const dist = pathToFileURL(join(import.meta.dirname, "..", "dist", "index.js")).href;
const script = `
const { mapBody, transformBody } = await import(${JSON.stringify(dist)});
const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const chunk = new Uint8Array(64 * 1024).fill(120);
async function* source() { for (let i = 0; i < 4096; i++) yield chunk; }
const half = chunk.byteLength / 2;
const body = mapBody(transformBody(source(), { transform: (c) => [c.subarray(0, half), c.subarray(half)] }), (c) => c);
let bytes = 0, i = 0, before = 0;
for await (const c of body) {
  bytes += c.byteLength;
  if (++i === 256) { globalThis.gc(); before = used(); }
}
globalThis.gc();
const grown = used() - before;
process.stdout.write(JSON.stringify({ bytes, grown }));
`;

describe("transformBody and mapBody stream in constant memory", () => {
  it("pass 256 MiB through with heap + ArrayBuffer memory growing by less than 8 MiB", () => {
    const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    const { bytes, grown } = JSON.parse(out) as { bytes: number; grown: number };
    expect(bytes).toBe(4096 * 64 * 1024);
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });
});
