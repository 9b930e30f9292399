import { validate } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { methods } from "../src/index.js";
import { newTracker, streamingApp } from "./helpers.js";
import { exchange } from "./raw-exchange.js";

let server: TsgiServer | undefined;
afterEach(async () => {
  await server?.close({ timeout: 0 });
  server = undefined;
});

describe("automatic HEAD over a real socket", () => {
  it("sends the GET headers, no body bytes, and closes the endless GET body after one step at most", async () => {
    const tracker = newTracker();
    // validate() on both sides: the server towards methods(), methods() towards the GET handler.
    server = makeServer("127.0.0.1", 0, validate(methods({ GET: validate(streamingApp(tracker, [["Content-Type", "text/plain"], ["X-Kind", "stream"]])) })));
    await server.listen();
    const raw = await exchange(server.port, "HEAD /feed HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const end = raw.indexOf("\r\n\r\n");
    expect(raw.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    expect(raw.slice(0, end).toLowerCase()).toContain("\r\nx-kind: stream");
    expect(raw.slice(end + 4)).toBe("");
    await vi.waitFor(() => expect(tracker.closes).toBe(1));
    expect(tracker.finished).toBe(true);
    expect(tracker.pulls).toBeLessThanOrEqual(1);
  });
});
