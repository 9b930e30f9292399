import { afterEach, describe, expect, it } from "vitest";
import { chunks, killChildren, request, sleep, startTsgi, streamingGet } from "./helpers.js";

afterEach(killChildren);

// Issue #14 item 6: a worker whose supervisor is gone (kill -9) drains like a graceful stop.

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (!alive(pid)) return true;
    await sleep(50);
  }
  return !alive(pid);
}

describe("tsgi serve: losing the supervisor", () => {
  it("finishes the in-flight response, stops accepting, then exits", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--graceful-timeout", "10"]);
    const worker = Number((await request(tsgi.url + "/pid")).body);
    const stream = streamingGet(tsgi.url + "/stream?chunks=40&every=150");
    let finished = false;
    void stream.done.then(() => (finished = true));
    await stream.first;
    tsgi.proc.kill("SIGKILL");
    await tsgi.exited;
    // Refused while the in-flight response is still being written: the worker stopped accepting first.
    const refused = () => request(tsgi.url + "/pid", { timeout: 2000 }).then(() => "served", (e: Error) => e.message);
    await expect.poll(refused, { timeout: 5000, interval: 50 }).toMatch(/ECONNREFUSED/);
    expect(finished).toBe(false);
    expect(await stream.done).toEqual({ body: chunks(40), complete: true });
    expect(await gone(worker, 5000)).toBe(true);
  });

  it("cuts a response still running after --graceful-timeout, then exits", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--graceful-timeout", "1"]);
    const worker = Number((await request(tsgi.url + "/pid")).body);
    const stream = streamingGet(tsgi.url + "/stream?chunks=100&every=100");
    await stream.first;
    tsgi.proc.kill("SIGKILL");
    const result = await stream.done;
    expect(result.complete).toBe(false);
    expect(result.body.length).toBeGreaterThan(0);
    expect(await gone(worker, 5000)).toBe(true);
  });
});
