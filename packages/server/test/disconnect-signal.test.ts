import * as http from "node:http";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { App, Body } from "@tsgi/core";
import { deferred, enc, request, start, stopAll } from "./helpers/server.js";
import { PROMPT_MS } from "./helpers/prompt.js";

afterEach(stopAll);

/** Resolves with the signal's reason and the milliseconds from `since()` to the abort. */
function watch(signal: AbortSignal, since: () => number): Promise<{ reason: unknown; ms: number }> {
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => resolve({ reason: signal.reason, ms: performance.now() - since() }), { once: true });
  });
}

describe("tsgi.signal aborts when the client leaves (SPEC [environ.signal])", () => {
  it("aborts within 100 ms of the client closing its socket while the app still works on its answer", async () => {
    const seen = deferred<AbortSignal>();
    let leftAt = 0;
    const app: App = async (environ, startResponse) => {
      const signal = environ["tsgi.signal"]!;
      seen.resolve(signal);
      // A long computation that only ends when told to.
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("nobody reads this")];
    };
    const { port } = await start(app);
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const signal = await seen.promise;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    const aborted = watch(signal, () => leftAt);
    leftAt = performance.now();
    socket.destroy();
    const { reason, ms } = await aborted;
    expect(ms).toBeLessThan(PROMPT_MS);
    expect((reason as Error).message).toMatch(/client disconnected/);
  });

  it("aborts when the client leaves in the middle of a streamed body, and the body is closed once", async () => {
    const seen = deferred<AbortSignal>();
    const closed = deferred();
    let closes = 0;
    const app: App = (environ, startResponse) => {
      const signal = environ["tsgi.signal"]!;
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      const body: Body = {
        async *[Symbol.asyncIterator]() {
          yield enc("first chunk\n");
          seen.resolve(signal);
          await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        },
        close: () => {
          closes++;
          closed.resolve();
        },
      };
      return body;
    };
    const { url } = await start(app);
    const req = http.get(url + "/stream", { agent: false }, (res) => {
      res.once("data", () => req.destroy());
    });
    req.on("error", () => {});
    const signal = await seen.promise;
    await watch(signal, () => 0);
    await closed.promise;
    expect(closes).toBe(1);
  });

  it("aborts with the timeout's reason when requestTimeout fires first", async () => {
    const seen = deferred<AbortSignal>();
    const app: App = async (environ, startResponse) => {
      const signal = environ["tsgi.signal"]!;
      seen.resolve(signal);
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("late")];
    };
    const { url } = await start(app, { requestTimeout: 50 });
    const reply = request(url, { path: "/slow" });
    const signal = await seen.promise;
    const { reason } = await watch(signal, () => 0);
    expect((reason as Error).message).toMatch(/not finished within 50 ms/);
    expect((await reply).status).toBe(503);
  });

  it("never aborts for a response that completed, also when the client leaves afterwards", async () => {
    const signals: AbortSignal[] = [];
    const app: App = (environ, startResponse) => {
      signals.push(environ["tsgi.signal"]!);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (function* () {
        yield enc("a");
        yield enc("b");
      })();
    };
    const { url } = await start(app);
    const agent = new http.Agent({ keepAlive: true });
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        http.get(url + "/", { agent }, (res) => res.resume().on("end", resolve)).on("error", reject);
      });
    }
    agent.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signals).toHaveLength(3);
    expect(new Set(signals).size).toBe(3);
    expect(signals.map((s) => s.aborted)).toEqual([false, false, false]);
  });

  it("gives a middleware's environ copy the same signal, and a replaced key sticks", async () => {
    let copied: unknown;
    let replaced: unknown;
    const mine = new AbortController().signal;
    const app: App = (environ, startResponse) => {
      copied = { ...environ }["tsgi.signal"];
      environ["tsgi.signal"] = mine;
      replaced = environ["tsgi.signal"];
      startResponse("204 No Content", []);
      return [];
    };
    const { url } = await start(app, { raw: true });
    expect((await request(url)).status).toBe(204);
    expect(copied).toBeInstanceOf(AbortSignal);
    expect(replaced).toBe(mine);
  });
});
