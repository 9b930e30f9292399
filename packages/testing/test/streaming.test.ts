import type { App } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { testClient } from "../src/index.js";
import { deferred, utf8 } from "./helpers.js";

const text = (chunk: Uint8Array | undefined): string => new TextDecoder().decode(chunk);

describe("streamed responses", () => {
  it("delivers each chunk as the app yields it, before the app has finished", async () => {
    const gate = deferred();
    let finished = false;
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield utf8.encode("first");
        await gate.promise;
        yield utf8.encode("second");
        finished = true;
      })();
    const response = await testClient(app).stream("GET", "/events");
    expect(response.status).toBe(200);
    const chunks = response.chunks[Symbol.asyncIterator]();
    expect(text((await chunks.next()).value)).toBe("first");
    expect(finished).toBe(false);
    gate.resolve();
    expect(text((await chunks.next()).value)).toBe("second");
    expect((await chunks.next()).done).toBe(true);
    expect(finished).toBe(true);
    expect(response.closed).toBe(true);
  });

  it("closes the body on cancel, and the generator's finally runs", async () => {
    let closes = 0;
    let cleanedUp = false;
    const app: App = (_environ, startResponse) => {
      const body = (async function* () {
        try {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          for (let i = 0; ; i++) yield utf8.encode(`tick ${i}\n`);
        } finally {
          cleanedUp = true;
        }
      })();
      return Object.assign(body, { close: () => void closes++ });
    };
    const response = await testClient(app).get("/ticks", { stream: true });
    const chunks = response.chunks[Symbol.asyncIterator]();
    expect(text((await chunks.next()).value)).toBe("tick 0\n");
    expect(response.closed).toBe(false);
    await response.cancel();
    expect(response.closed).toBe(true);
    expect(response.closeCount).toBe(1);
    expect(closes).toBe(1);
    expect(cleanedUp).toBe(true);
    expect((await chunks.next()).done).toBe(true);
  });

  it("closes the body when the test stops a for-await loop early", async () => {
    let closes = 0;
    const body = Object.assign([utf8.encode("a"), utf8.encode("b")], { close: () => void closes++ });
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return body;
    };
    const response = await testClient(app).stream("GET", "/");
    for await (const chunk of response.chunks) {
      expect(text(chunk)).toBe("a");
      break;
    }
    expect(closes).toBe(1);
  });

  it("cancels while the app is still waiting, without waiting for it", async () => {
    const never = deferred();
    let closes = 0;
    const app: App = (_environ, startResponse) => {
      const body = (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield utf8.encode("a");
        await never.promise;
      })();
      return Object.assign(body, { close: () => void closes++ });
    };
    const response = await testClient(app).stream("GET", "/");
    const chunks = response.chunks[Symbol.asyncIterator]();
    await chunks.next();
    const pending = chunks.next();
    await response.cancel();
    expect(closes).toBe(1);
    never.resolve();
    expect((await pending).done).toBe(true);
  });

  it("reads the rest of a streamed body with text()", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [utf8.encode("a"), utf8.encode("b")];
    };
    const response = await testClient(app).stream("GET", "/");
    expect(await response.text()).toBe("ab");
    expect(response.closed).toBe(true);
  });

  it("leaves the body open until the test reads or cancels it", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([utf8.encode("a")], { close() {} });
    };
    const response = await testClient(app).stream("GET", "/");
    expect(response.closed).toBe(false);
    expect(response.closeCount).toBe(0);
    await response.cancel();
    expect(response.closeCount).toBe(1);
  });

  it("does not blame the app's Content-Length when the test cancels early", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "2"]]);
      return [utf8.encode("a"), utf8.encode("b")];
    };
    const response = await testClient(app).stream("GET", "/");
    const chunks = response.chunks[Symbol.asyncIterator]();
    await chunks.next();
    await response.cancel();
    expect((await chunks.next()).done).toBe(true);
  });
});
