import { describe, expect, it } from "vitest";
import { RestartPolicy, restartDelay, STABLE_AFTER_MS } from "../../src/runner/restart-policy.js";

describe("the restart policy", () => {
  it.each([
    [1, 0],
    [2, 200],
    [3, 400],
    [4, 800],
    [10, 10_000],
  ])("waits %i crash(es) in a row → %i ms before the next start", (streak, delay) => {
    expect(restartDelay(streak)).toBe(delay);
  });

  it.each([
    ["gives up on a worker that never booted before the server served", false, false, "give-up"],
    ["waits for a file change under --reload instead", false, true, "wait-for-change"],
    ["retries a failed boot once the server has served", true, false, "respawn"],
  ] as const)("%s", (_what, served, reload, verdict) => {
    const policy = new RestartPolicy(reload);
    if (served) policy.markServed();
    expect(policy.crashed(0)).toBe(verdict);
  });

  it("grows the delay for crashes soon after boot, and starts over after a stable run", () => {
    const policy = new RestartPolicy(false);
    policy.markServed();
    const now = 1_000_000;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      policy.crashed(now - 100, now);
      delays.push(policy.respawn(() => {}));
      policy.cancel();
    }
    policy.crashed(now - STABLE_AFTER_MS, now);
    delays.push(policy.respawn(() => {}));
    expect(delays).toEqual([0, 200, 400, 0]);
  });

  it("holds spawns while --reload waits, until a worker listens or a reload resets it", () => {
    const policy = new RestartPolicy(true);
    policy.crashed(0);
    expect(policy.holding).toBe(true);
    policy.listened();
    expect(policy.holding).toBe(false);
    policy.crashed(0);
    policy.reset();
    expect(policy.holding).toBe(false);
  });
});
