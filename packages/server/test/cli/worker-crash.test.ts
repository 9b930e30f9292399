import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { killChildren, pidsSeen, request, sleep, socketCount, startTsgi } from "./helpers.js";

afterEach(killChildren);

// Issue #14 item 5: a worker killed with SIGKILL or stuck in a loop, under load. A connection may be
// cut (the dead worker had it), but none may hang, and the supervisor may keep none.

interface Load {
  ok: number;
  failures: string[];
  stop(): Promise<void>;
}

/** `lanes` clients sending GET / on fresh connections, each request bounded by `timeout` ms. */
function load(url: string, lanes: number, timeout: number): Load {
  let going = true;
  const result = { ok: 0, failures: [] as string[] };
  const lane = async () => {
    while (going) {
      try {
        const reply = await request(url + "/", { timeout });
        if (reply.status === 200) result.ok++;
        else result.failures.push(`status ${reply.status}`);
      } catch (error) {
        result.failures.push((error as Error).message);
        await sleep(20);
      }
    }
  };
  const running = Promise.all(Array.from({ length: lanes }, lane));
  return {
    ...result,
    get ok() {
      return result.ok;
    },
    failures: result.failures,
    stop: async () => {
      going = false;
      await running;
    },
  };
}

const hung = (failures: string[]) => failures.filter((f) => /timed out/.test(f));
/** A cut connection (the dead worker had it) or, while no worker is up, a refused one: never a wait. */
const unexpected = (failures: string[]) => failures.filter((f) => !/ECONNRESET|ECONNREFUSED|socket hang up/.test(f));
/** Both workers serving again, then the supervisor's sockets: a leak never settles back. */
async function settled(url: string, workers: number, supervisor: number, sockets: number): Promise<void> {
  await expect.poll(async () => (await pidsSeen(url, workers, 20)).size, { timeout: 10_000, interval: 200 }).toBe(workers);
  await expect.poll(() => socketCount(supervisor), { timeout: 5000, interval: 200 }).toBe(sockets);
}

describe.skipIf(!existsSync("/proc/self/fd"))("tsgi serve: a crashed or stuck worker", () => {
  it("kill -9 of one worker and a blocked other, under load: zero hung connections, zero fds leaked in the supervisor", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--workers", "2", "--timeout", "2"]);
    const pids = [...(await pidsSeen(tsgi.url, 2))];
    expect(pids).toHaveLength(2);
    const supervisor = tsgi.proc.pid!;
    const sockets = socketCount(supervisor);
    const traffic = load(tsgi.url, 8, 8000);
    await sleep(300);
    const from = tsgi.stderr().length;
    process.kill(Number(pids[0]), "SIGKILL");
    // The only worker left takes this one and stops its event loop: for a while nobody accepts.
    expect((await request(tsgi.url + "/block")).body).toBe("blocking");
    await tsgi.waitFor(/WORKER TIMEOUT \(pid:\d+\)/, 8000, from);
    await tsgi.waitFor(/(?:Booting worker[^]*){2}/, 8000, from);
    const served = traffic.ok;
    await sleep(1500);
    await traffic.stop();
    expect(traffic.ok).toBeGreaterThan(served);
    expect(hung(traffic.failures), tsgi.stderr()).toEqual([]);
    expect(unexpected(traffic.failures)).toEqual([]);
    await settled(tsgi.url, 2, supervisor, sockets);
    expect(await tsgi.stop()).toBe(0);
  });

  it("sends no new connection to a worker whose event loop is stuck", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--workers", "2", "--timeout", "5"]);
    expect((await pidsSeen(tsgi.url, 2)).size).toBe(2);
    const from = tsgi.stderr().length;
    expect((await request(tsgi.url + "/block")).body).toBe("blocking");
    await sleep(100);
    // Well inside the 5 s before the stuck worker is killed: each answer must come from the other one.
    const replies = [];
    for (let i = 0; i < 30; i++) replies.push(await request(tsgi.url + "/pid", { timeout: 3000 }).then((r) => r.status, (e: Error) => e.message));
    expect(replies.filter((r) => r !== 200)).toEqual([]);
    expect(tsgi.stderr().slice(from)).not.toMatch(/WORKER TIMEOUT/);
    expect(await tsgi.stop("SIGQUIT")).toBe(0);
  });

  it("kill -9 of the only worker, under load, hangs no connection and leaks no fd", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--workers", "1"]);
    const pid = (await request(tsgi.url + "/pid")).body;
    const supervisor = tsgi.proc.pid!;
    const sockets = socketCount(supervisor);
    const traffic = load(tsgi.url, 8, 8000);
    await sleep(300);
    const from = tsgi.stderr().length;
    process.kill(Number(pid), "SIGKILL");
    await tsgi.waitFor(/Booting worker/, 5000, from);
    const replacement = () => request(tsgi.url + "/pid").then((r) => r.body, () => pid);
    await expect.poll(replacement, { timeout: 10_000, interval: 100 }).not.toBe(pid);
    await sleep(500);
    await traffic.stop();
    expect(hung(traffic.failures), tsgi.stderr()).toEqual([]);
    expect(unexpected(traffic.failures)).toEqual([]);
    await settled(tsgi.url, 1, supervisor, sockets);
    expect(await tsgi.stop()).toBe(0);
  });

  it("keeps node's round-robin when NODE_CLUSTER_SCHED_POLICY=rr asks for it", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--workers", "2"], { env: { NODE_CLUSTER_SCHED_POLICY: "rr" } });
    const pids: string[] = [];
    for (let i = 0; i < 6; i++) pids.push((await request(tsgi.url + "/pid")).body);
    expect(new Set(pids).size).toBe(2);
    // Round-robin over idle workers alternates strictly.
    for (let i = 2; i < pids.length; i++) expect(pids[i]).toBe(pids[i - 2]);
    expect(await tsgi.stop()).toBe(0);
  });
});
