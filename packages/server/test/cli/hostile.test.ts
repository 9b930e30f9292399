import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killChildren, request, runTsgi, sleep, startTsgi } from "./helpers.js";

// Hostile input and odd but legal settings: each must end in a clear
// one-line error or a server that keeps serving, never in a crash or a loop.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tsgi-hostile-"));
});
afterEach(killChildren);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tsgi serve: hostile options", () => {
  it("keeps a healthy worker under a --timeout shorter than a heartbeat, answering 503 to slower responses", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--timeout", "0.1"]);
    const pid = (await request(tsgi.url + "/pid")).body;
    expect((await request(tsgi.url + "/slow?ms=1000")).status).toBe(503);
    await sleep(500);
    expect((await request(tsgi.url + "/pid")).body).toBe(pid);
    expect(tsgi.stderr()).not.toContain("WORKER TIMEOUT");
    expect(await tsgi.stop()).toBe(0);
  });

  it("reports a unix socket in a directory that does not exist, before any worker boots", async () => {
    const socket = path.join(dir, "missing", "app.sock");
    const r = await runTsgi(["serve", "app.ts", "--bind", `unix:${socket}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tsgi: error: cannot listen on unix:${socket}: no such directory ${path.dirname(socket)}\n`);
  });

  it("keeps serving when whoever reads its stderr goes away", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0"]);
    tsgi.proc.stderr!.destroy();
    // The supervisor logs "Number of workers: 2" to the closed pipe, and the new worker its boot.
    tsgi.proc.kill("SIGTTIN");
    await sleep(300);
    expect((await request(tsgi.url + "/pid")).status).toBe(200);
    expect(await tsgi.stop()).toBe(0);
  });

  it("refuses SIGTTOU below one worker, says so, and keeps serving", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0"]);
    const pid = (await request(tsgi.url + "/pid")).body;
    tsgi.proc.kill("SIGTTOU");
    await tsgi.waitFor(/SIGTTOU ignored: at least one worker is needed/, 5000);
    expect((await request(tsgi.url + "/pid")).body).toBe(pid);
    expect(await tsgi.stop()).toBe(0);
  });

  it("refuses the same --bind given twice with one line and exit code 2", async () => {
    const socket = path.join(dir, "twice.sock");
    for (const bind of ["127.0.0.1:8123", `unix:${socket}`]) {
      const r = await runTsgi(["serve", "app.ts", "--bind", bind, "--bind", bind]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`tsgi: error: --bind "${bind}" is given twice\n`);
    }
  });

  it("reports an --access-log pipe that nobody reads instead of hanging", async () => {
    const fifo = path.join(dir, "access.fifo");
    execFileSync("mkfifo", [fifo]);
    const r = await runTsgi(["serve", "app.ts", "--bind", "127.0.0.1:0", "--access-log", fifo], { ms: 8000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tsgi: error: cannot open --access-log "${fifo}": a pipe that nothing reads\n`);
  });

  it("reports a --reload-dir that does not exist instead of watching nothing", async () => {
    const missing = path.join(dir, "no-such-dir");
    const r = await runTsgi(["serve", "app.ts", "--bind", "127.0.0.1:0", "--reload", "--reload-dir", missing], { ms: 8000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tsgi: error: cannot watch --reload-dir "${missing}": no such directory\n`);
  });
});
