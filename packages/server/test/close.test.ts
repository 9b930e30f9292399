import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { App, Body } from "@tsgi/core";
import { deferred, enc, rawExchange, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

/** A body whose close() resolves `closed` and counts its calls. */
function countedBody(produce: () => AsyncGenerator<Uint8Array>): { body: Body; calls: () => number; closed: Promise<void> } {
  let calls = 0;
  const done = deferred();
  const iterator = produce();
  const body: Body = {
    [Symbol.asyncIterator]: () => iterator,
    close: () => {
      calls++;
      done.resolve();
    },
  };
  return { body, calls: () => calls, closed: done.promise };
}

function serving(body: Body): App {
  return (_e, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return body;
  };
}

describe("body.close()", () => {
  it("is called exactly once when the body ends normally", async () => {
    const b = countedBody(async function* () {
      yield enc("a");
      yield enc("b");
    });
    const s = await start(serving(b.body));
    expect((await request(s.url)).body.toString()).toBe("ab");
    await b.closed;
    expect(b.calls()).toBe(1);
  });

  it("is called exactly once on an array body", async () => {
    let calls = 0;
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([enc("x")], { close: () => void calls++ });
    });
    await request(s.url);
    await request(s.url, { method: "HEAD" });
    expect(calls).toBe(2);
  });

  it("is called exactly once when the app throws mid-iteration", async () => {
    const b = countedBody(async function* () {
      yield enc("partial");
      throw new Error("mid-stream failure");
    });
    const s = await start(serving(b.body), { raw: true });
    await expect(request(s.url)).rejects.toThrow();
    await b.closed;
    expect(b.calls()).toBe(1);
  });

  it("is called exactly once, promptly, when the client disconnects mid-response", async () => {
    const never = deferred();
    const b = countedBody(async function* () {
      yield enc("first");
      await never.promise; // a stream waiting for events that never come
      yield enc("unreachable");
    });
    const s = await start(serving(b.body));
    await new Promise<void>((resolve, reject) => {
      const req = http.get(s.url, { agent: false }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? undefined : reject(e)));
    });
    await b.closed;
    expect(b.calls()).toBe(1);
    never.resolve();
  });

  it("is called exactly once when the client disconnects while the server waits for 'drain'", async () => {
    const b = countedBody(async function* () {
      const big = new Uint8Array(1024 * 1024);
      for (;;) yield big; // endless: only backpressure and the disconnect stop it
    });
    const s = await start(serving(b.body));
    await new Promise<void>((resolve) => {
      const req = http.get(s.url, { agent: false }, (res) => {
        res.pause(); // never read: the server's socket buffer fills up
        setImmediate(() => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => {});
    });
    await b.closed;
    expect(b.calls()).toBe(1);
  });

  it("is called exactly once for HEAD and for a 204 without iterating", async () => {
    const bodies: ReturnType<typeof countedBody>[] = [];
    const s = await start((environ, startResponse) => {
      const b = countedBody(async function* () {
        yield enc("x");
      });
      bodies.push(b);
      startResponse(environ.PATH_INFO === "/empty" ? "204 No Content" : "200 OK", environ.PATH_INFO === "/empty" ? [] : [["Content-Type", "text/plain"]]);
      return b.body;
    });
    await rawExchange(s.port, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await rawExchange(s.port, "GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await Promise.all(bodies.map((b) => b.closed));
    expect(bodies.map((b) => b.calls())).toEqual([1, 1]);
  });

  it("runs a bare generator's finally block when the client disconnects", async () => {
    const finallyRan = deferred();
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        try {
          for (;;) yield enc("tick\n");
        } finally {
          finallyRan.resolve();
        }
      })();
    });
    const req = http.get(s.url, { agent: false }, (res) => res.once("data", () => req.destroy()));
    req.on("error", () => {});
    await finallyRan.promise;
  });
});
