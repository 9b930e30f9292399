import type { Environ } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { createError, errors } from "../src/index.js";
import { throwing } from "./helpers.js";

/** An environ hook that counts the request-body bytes the middleware reads. */
function countReads(): { hook: (environ: Environ) => void; bytes: () => number; calls: () => number } {
  let bytes = 0;
  let calls = 0;
  const hook = (environ: Environ): void => {
    const input = environ["tsgi.input"];
    const read = input.read.bind(input);
    input.read = async (size?: number) => {
      calls++;
      const chunk = await read(size);
      bytes += chunk.byteLength;
      return chunk;
    };
  };
  return { hook, bytes: () => bytes, calls: () => calls };
}

describe("draining the unread request body", () => {
  const app = throwing(createError(422, "invalid"));

  it("reads it to the end when it is within drainLimit", async () => {
    const reads = countReads();
    const response = await testClient(errors(app)).post("/", { body: new Uint8Array(10_000), environ: reads.hook });
    expect(response.status).toBe(422);
    expect(reads.bytes()).toBe(10_000);
  });

  it("stops just past drainLimit", async () => {
    const reads = countReads();
    await testClient(errors(app, { drainLimit: 1024 })).post("/", { body: new Uint8Array(100_000), environ: reads.hook });
    expect(reads.bytes()).toBe(1025);
  });

  it("leaves a body alone that the client sends only after 100 Continue", async () => {
    const reads = countReads();
    const response = await testClient(errors(app)).post("/", {
      body: new Uint8Array(10_000),
      headers: { Expect: "100-continue" },
      environ: reads.hook,
    });
    expect(response.status).toBe(422);
    expect(reads.calls()).toBe(0);
  });

  it("does not read a request without a body beyond its end", async () => {
    const reads = countReads();
    await testClient(errors(app)).get("/", { environ: reads.hook });
    expect(reads.bytes()).toBe(0);
  });
});
