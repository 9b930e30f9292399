import { describe, expect, it } from "vitest";
import { BOOT_FLOOR_MS, bootTimeout, judgeWorker, STARTUP_GRACE_MS } from "../../src/runner/worker-deadline.js";

// The supervisor's verdict on one worker, given its clock (ms) and an 8 s --timeout.
const clock = (c: Partial<Parameters<typeof judgeWorker>[0]>) => ({ spawnedAt: 0, firstBeat: 0, lastBeat: 0, readyAt: 0, ...c });

describe("judgeWorker", () => {
  it.each([
    ["a process still starting node, within the grace", clock({}), STARTUP_GRACE_MS - 1, "ok"],
    ["a process that never beat once", clock({}), STARTUP_GRACE_MS + 1, "silent"],
    ["a worker loading its app, beating, within --timeout", clock({ firstBeat: 500, lastBeat: 8000 }), 8400, "ok"],
    ["a worker beating but not listening --timeout after its first beat", clock({ firstBeat: 500, lastBeat: 8600 }), 8600, "boot-timeout"],
    ["a worker that stopped beating while loading", clock({ firstBeat: 500, lastBeat: 500 }), 8600, "silent"],
    ["a serving worker that beats", clock({ firstBeat: 500, lastBeat: 59_000, readyAt: 900 }), 60_000, "ok"],
    ["a serving worker silent past --timeout", clock({ firstBeat: 500, lastBeat: 51_000, readyAt: 900 }), 60_000, "silent"],
  ])("%s", (_what, c, now, verdict) => {
    expect(judgeWorker(c, now, 8000)).toBe(verdict);
  });

  it("gives loading at least BOOT_FLOOR_MS under a short --timeout, but a serving worker only --timeout", () => {
    expect(bootTimeout(2000)).toBe(BOOT_FLOOR_MS);
    expect(judgeWorker(clock({ firstBeat: 500, lastBeat: 500 }), 500 + BOOT_FLOOR_MS - 1, 2000)).toBe("ok");
    expect(judgeWorker(clock({ firstBeat: 500, lastBeat: 500 }), 500 + BOOT_FLOOR_MS + 1, 2000)).toBe("silent");
    expect(judgeWorker(clock({ firstBeat: 500, lastBeat: 500, readyAt: 600 }), 2600, 2000)).toBe("silent");
  });

  it("never kills with --timeout 0", () => {
    expect(judgeWorker(clock({ firstBeat: 1 }), 10 ** 9, 0)).toBe("ok");
  });
});
