import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEnviron, createErrorStream, createInputStream } from "@tsgi/core";
import { fromNodeHandler } from "../src/node.js";
import { encode } from "./helpers.js";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  expect(unhandled).toEqual([]);
});

function uploadThatBreaks(): AsyncIterable<Uint8Array> {
  return (async function* () {
    yield encode("part");
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error("client left mid-upload");
  })();
}

describe("fromNodeHandler when the client leaves mid-upload", () => {
  it("rejects the app call and tells a handler that reads the body", async () => {
    let handlerSaw = "";
    const app = fromNodeHandler((req, res) => {
      req.on("data", () => {});
      req.on("end", () => res.end("read it all"));
      req.on("close", () => (handlerSaw ||= req.complete ? "complete" : "incomplete"));
    });
    const environ = buildEnviron({
      method: "POST",
      target: "/",
      rawHeaders: ["Host", "x", "Content-Type", "text/plain"],
      serverName: "x",
      serverPort: "80",
      input: createInputStream(uploadThatBreaks()),
      errors: createErrorStream(() => {}),
    });
    await expect(app(environ, () => {})).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(handlerSaw).toBe("incomplete");
    await app.close();
  });
});
