import { describe, expect, it } from "vitest";
import { deferred } from "../../src/runner/deferred.js";

describe("deferred()", () => {
  it("resolves its promise from outside, once: a later reject is ignored", async () => {
    const d = deferred<number>();
    expect(d.settled).toBe(false);
    d.resolve(1);
    d.reject(new Error("late"));
    expect(d.settled).toBe(true);
    await expect(d.promise).resolves.toBe(1);
  });

  it("rejects its promise from outside", async () => {
    const d = deferred();
    d.reject(new Error("no workers"));
    expect(d.settled).toBe(true);
    await expect(d.promise).rejects.toThrow("no workers");
  });
});
