import { describe, expect, it } from "vitest";
import { judgeWorker, STARTUP_GRACE_MS } from "../src/cli/worker-deadline.js";

// The supervisor's verdict on one worker, given its clock (ms) and a 3 s --timeout.
const clock = (c: Partial<Parameters<typeof judgeWorker>[0]>) => ({ spawnedAt: 0, firstBeat: 0, lastBeat: 0, readyAt: 0, ...c });

describe("judgeWorker", () => {
  it.each([
    ["a process still starting node, within the grace", clock({}), STARTUP_GRACE_MS - 1, "ok"],
    ["a process that never beat once", clock({}), STARTUP_GRACE_MS + 1, "silent"],
    ["a worker loading its app, beating, within --timeout", clock({ firstBeat: 500, lastBeat: 3000 }), 3400, "ok"],
    ["a worker beating but not listening --timeout after its first beat", clock({ firstBeat: 500, lastBeat: 3600 }), 3600, "boot-timeout"],
    ["a worker that stopped beating while loading", clock({ firstBeat: 500, lastBeat: 500 }), 3600, "silent"],
    ["a serving worker that beats", clock({ firstBeat: 500, lastBeat: 59_000, readyAt: 900 }), 60_000, "ok"],
    ["a serving worker silent past --timeout", clock({ firstBeat: 500, lastBeat: 56_000, readyAt: 900 }), 60_000, "silent"],
  ])("%s", (_what, c, now, verdict) => {
    expect(judgeWorker(c, now, 3000)).toBe(verdict);
  });

  it("never kills with --timeout 0", () => {
    expect(judgeWorker(clock({ firstBeat: 1 }), 10 ** 9, 0)).toBe("ok");
  });
});
