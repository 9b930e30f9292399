import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { killChildren, runTsgi, startTsgi } from "./helpers.js";

// SPEC §9.12: `tsgi serve` awaits an exported startup() before the worker
// accepts and an exported shutdown() when the worker stops.

afterEach(killChildren);
const dir = mkdtempSync(path.join(tmpdir(), "tsgi-lifespan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function logFile(): string {
  const file = path.join(dir, `log-${++n}.txt`);
  writeFileSync(file, "");
  return file;
}
const lines = (file: string): string[] => readFileSync(file, "utf8").split("\n").filter((l) => l !== "");

describe("tsgi serve: lifespan (startup/shutdown exports)", () => {
  it("awaits startup() before the first request and shutdown() on SIGTERM, once each", async () => {
    const file = logFile();
    const tsgi = await startTsgi(["lifespan.ts", "--bind", "127.0.0.1:0"], { env: { LIFESPAN_LOG: file } });
    // The very first request already finds the pool startup() opened (startup takes 300 ms).
    const body = await (await fetch(tsgi.url + "/")).text();
    expect(body).toMatch(/^pool open in \d+$/);
    const pid = body.split(" ").pop()!;
    expect(await tsgi.stop("SIGTERM")).toBe(0);
    expect(lines(file)).toEqual([`startup ${pid}`, `shutdown ${pid}`]);
  });

  it("runs the old worker's shutdown() and the new worker's startup() on a SIGHUP reload", async () => {
    const file = logFile();
    const tsgi = await startTsgi(["lifespan.ts", "--bind", "127.0.0.1:0"], { env: { LIFESPAN_LOG: file } });
    const first = (await (await fetch(tsgi.url + "/")).text()).split(" ").pop()!;
    const from = tsgi.stderr().length;
    tsgi.proc.kill("SIGHUP");
    await tsgi.waitFor(/Worker exiting/, 15_000, from);
    const second = (await (await fetch(tsgi.url + "/")).text()).split(" ").pop()!;
    expect(second).not.toBe(first);
    expect(lines(file)).toEqual(expect.arrayContaining([`startup ${first}`, `shutdown ${first}`, `startup ${second}`]));
    expect(lines(file)).not.toContain(`shutdown ${second}`);
    expect(await tsgi.stop("SIGTERM")).toBe(0);
    expect(lines(file).filter((l) => l.startsWith("shutdown"))).toHaveLength(2);
  });

  it("fails the boot with startup()'s error and never calls shutdown() or the app", async () => {
    const file = logFile();
    process.env.LIFESPAN_LOG = file;
    try {
      const r = await runTsgi(["serve", "lifespan-fails.ts", "--bind", "127.0.0.1:0"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('startup() in "lifespan-fails.ts" failed: database unreachable');
      expect(r.stderr).not.toContain("Listening at:");
      expect(lines(file)).toEqual([]);
    } finally {
      delete process.env.LIFESPAN_LOG;
    }
  });
});
