import type { App } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { testClient } from "../src/index.js";
import { utf8 } from "./helpers.js";

describe("the in-process server against hostile bodies", () => {
  it("still calls close() once when the body iterator's return() throws on cancel", async () => {
    let closes = 0;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      let n = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => ({ done: false, value: utf8.encode(`chunk ${n++}`) }),
          return: () => {
            throw new Error("return exploded");
          },
        }),
        close: () => void closes++,
      };
    };
    const response = await testClient(app).stream("GET", "/");
    await expect(response.cancel()).rejects.toThrow("return exploded");
    expect(closes).toBe(1);
    expect(response.closed).toBe(true);
  });

  it("still calls close() once when the body iterator's return() rejects on cancel", async () => {
    let closes = 0;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => ({ done: false, value: utf8.encode("x") }),
          return: () => Promise.reject(new Error("return rejected")),
        }),
        close: () => void closes++,
      };
    };
    const response = await testClient(app).stream("GET", "/");
    await expect(response.cancel()).rejects.toThrow("return rejected");
    expect(closes).toBe(1);
  });
});
