import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { App, Body } from "@tsgi/core";
import { enc, rawExchange, request, start, stopAll, type Running } from "./helpers/server.js";

// Apps that break the SPEC, served WITHOUT validate(): the server alone must
// turn each into a 500 (or an aborted response), log it, close the body once,
// and go on serving.

afterEach(stopAll);

const escaped: unknown[] = [];
const onEscape = (error: unknown): void => void escaped.push(error);
beforeAll(() => {
  process.on("unhandledRejection", onEscape);
  process.on("uncaughtException", onEscape);
});
afterAll(() => {
  process.off("unhandledRejection", onEscape);
  process.off("uncaughtException", onEscape);
});
afterEach(async () => {
  // Let a stray rejection reach its handler before checking.
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(escaped.splice(0)).toEqual([]);
});

const ok = enc("still serving");

/** Serves `broken` at every path but /ok, which answers normally. */
async function serveBroken(broken: App): Promise<Running> {
  return start(
    (environ, startResponse) => {
      if (environ.PATH_INFO === "/ok") {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [ok];
      }
      return broken(environ, startResponse);
    },
    { raw: true },
  );
}

async function expectStillServing(s: Running): Promise<void> {
  const reply = await request(s.url, { path: "/ok" });
  expect(reply.status).toBe(200);
  expect(reply.body.toString()).toBe("still serving");
}

/** A body with a counting close(). */
function withClose<T extends object>(body: T, close: () => void | Promise<void> = () => {}): { body: T & { close(): void | Promise<void> }; calls: () => number } {
  let calls = 0;
  return {
    body: Object.assign(body, {
      close: () => {
        calls++;
        return close();
      },
    }),
    calls: () => calls,
  };
}

describe("an app that returns something that is not a body", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "hello"],
    ["a number", 42],
    ["a Uint8Array", enc("raw bytes")],
  ])("gets a logged 500 when it returns %s", async (_what, value) => {
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return value as unknown as Body;
    });
    const reply = await request(s.url);
    expect(reply.status).toBe(500);
    expect(reply.body.toString()).toBe("Internal Server Error");
    expect(s.errors.join("")).toMatch(/error in the app/);
    await expectStillServing(s);
  });

  it("gets a logged 500 when it returns a thenable whose then() throws", async () => {
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return {
        then() {
          throw new Error("then() failed");
        },
      } as unknown as Promise<Body>;
    });
    expect((await request(s.url)).status).toBe(500);
    expect(s.errors.join("")).toContain("then() failed");
    await expectStillServing(s);
  });

  it("gets a logged 500 when reading its result's then throws", async () => {
    const s = await serveBroken(
      () =>
        ({
          get then(): never {
            throw new Error("then getter failed");
          },
        }) as unknown as Body,
    );
    expect((await request(s.url)).status).toBe(500);
    expect(s.errors.join("")).toContain("then getter failed");
    await expectStillServing(s);
  });

  it("uses a thenable that resolves more than once only once", async () => {
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return {
        then(resolve: (body: Body) => void) {
          resolve([enc("first")]);
          resolve([enc("second")]);
        },
      } as unknown as Promise<Body>;
    });
    const reply = await request(s.url);
    expect(reply.body.toString()).toBe("first");
    await expectStillServing(s);
  });
});

describe("an app that throws something strange", () => {
  it.each([
    ["null", () => null],
    ["a Symbol", () => Symbol("odd")],
    ["an object whose toString throws", () => ({ toString: () => { throw new Error("no string"); } })],
    ["an Error whose stack getter throws", () => Object.defineProperty(new Error("x"), "stack", { get: () => { throw new Error("no stack"); } })],
    ["a revoked Proxy", () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }],
  ])("gets a 500 and a log line when it throws %s", async (_what, make) => {
    const s = await serveBroken(() => {
      throw make();
    });
    expect((await request(s.url)).status).toBe(500);
    expect(s.errors.join("")).toMatch(/error in the app/);
    await expectStillServing(s);
  });
});

describe("a body that breaks the rules", () => {
  it("gets a 500 when a generator yields strings", async () => {
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (function* () {
        yield "text" as unknown as Uint8Array;
      })();
    });
    expect((await request(s.url)).status).toBe(500);
    expect(s.errors.join("")).toMatch(/yielded "text"; chunks must be Uint8Array/);
    await expectStillServing(s);
  });

  it("aborts the response when a string follows bytes already sent, closing the body once", async () => {
    const b = withClose(
      (async function* () {
        yield enc("bytes");
        yield "then text" as unknown as Uint8Array;
      })(),
    );
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body;
    });
    await expect(request(s.url)).rejects.toThrow();
    expect(b.calls()).toBe(1);
    expect(s.errors.join("")).toMatch(/yielded "then text"; chunks must be Uint8Array/);
    await expectStillServing(s);
  });

  it("still answers and logs when close() throws", async () => {
    const b = withClose([enc("fine")], () => {
      throw new Error("close() exploded");
    });
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body;
    });
    expect((await request(s.url)).body.toString()).toBe("fine");
    expect(b.calls()).toBe(1);
    expect(s.errors.join("")).toContain("close() exploded");
    await expectStillServing(s);
  });

  it("logs a rejected close() promise instead of leaving it unhandled", async () => {
    let rejected!: () => void;
    const logged = new Promise<void>((resolve) => (rejected = resolve));
    const b = withClose(
      (async function* () {
        yield enc("fine");
      })(),
      async () => {
        setImmediate(rejected);
        throw new Error("async close() failed");
      },
    );
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body;
    });
    expect((await request(s.url)).body.toString()).toBe("fine");
    await logged;
    expect(b.calls()).toBe(1);
    expect(s.errors.join("")).toContain("async close() failed");
    await expectStillServing(s);
  });

  it("gets a 500 when the app never calls startResponse and its async body is empty", async () => {
    const b = withClose({ async *[Symbol.asyncIterator]() {} });
    const s = await serveBroken(() => b.body);
    expect((await request(s.url)).status).toBe(500);
    expect(b.calls()).toBe(1);
    expect(s.errors.join("")).toMatch(/without calling startResponse/);
    await expectStillServing(s);
  });

  it("gets a 500 when startResponse is only called after the first non-empty yield", async () => {
    let startResponse!: Parameters<App>[1];
    const b = withClose({
      async *[Symbol.asyncIterator]() {
        yield enc("too early");
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield enc("late");
      },
    });
    const s = await serveBroken((_e, sr) => {
      startResponse = sr;
      return b.body;
    });
    expect((await request(s.url)).status).toBe(500);
    expect(b.calls()).toBe(1);
    await expectStillServing(s);
  });

  it("gets a 500 when next() returns something that is not an iterator result", async () => {
    const b = withClose({ [Symbol.asyncIterator]: () => ({ next: async () => undefined }) });
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body as unknown as Body;
    });
    expect((await request(s.url)).status).toBe(500);
    expect(b.calls()).toBe(1);
    await expectStillServing(s);
  });

  it("sends a body whose iterator has no return() and closes it once", async () => {
    let i = 0;
    const b = withClose({
      [Symbol.iterator]: () => ({ next: () => (i++ < 3 ? { done: false, value: enc("z") } : { done: true, value: undefined }) }),
    });
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body as Body;
    });
    expect((await request(s.url)).body.toString()).toBe("zzz");
    expect(b.calls()).toBe(1);
    await expectStillServing(s);
  });

  it("stops a body without return() on a bad chunk and closes it once", async () => {
    const b = withClose({ [Symbol.iterator]: () => ({ next: () => ({ done: false, value: 7 }) }) });
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body as unknown as Body;
    });
    expect((await request(s.url)).status).toBe(500);
    expect(b.calls()).toBe(1);
    await expectStillServing(s);
  });

  it("logs a return() that throws and still closes the body once", async () => {
    const b = withClose({
      [Symbol.iterator]: () => ({
        next: () => ({ done: false, value: "bad" }),
        return: () => {
          throw new Error("return() exploded");
        },
      }),
    });
    const s = await serveBroken((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return b.body as unknown as Body;
    });
    expect((await request(s.url)).status).toBe(500);
    expect(b.calls()).toBe(1);
    expect(s.errors.join("")).toContain("return() exploded");
    await expectStillServing(s);
  });
});

describe("a status a server must not send", () => {
  it.each(["100 Continue", "101 Switching Protocols", "103 Early Hints", "600 Beyond", "999 Nonsense"])(
    "answers 500 to %s as the final status, so a pipelined response cannot be taken for this one",
    async (status) => {
      const s = await serveBroken((_e, startResponse) => {
        startResponse(status, [["Content-Type", "text/plain"]]);
        return [enc("x")];
      });
      const reply = await rawExchange(
        s.port,
        "GET /broken HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      );
      expect(reply.match(/HTTP\/1\.1 \d{3}/g)).toEqual(["HTTP/1.1 500", "HTTP/1.1 200"]);
      expect(s.errors.join("")).toContain(status);
    },
  );
});

describe("a header a server must not send", () => {
  it.each(["0", "5"])("drops Content-Length: %s from a 204 response (RFC 9110 §8.6)", async (length) => {
    const s = await serveBroken((_e, startResponse) => {
      startResponse("204 No Content", [["X-Kept", "yes"], ["Content-Length", length]]);
      return [];
    });
    const reply = await rawExchange(s.port, "GET /broken HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(reply).toMatch(/\r\nX-Kept: yes\r\n/);
    expect(reply).not.toMatch(/content-length/i);
    expect(reply).not.toMatch(/transfer-encoding/i);
  });
});

describe("a body that only ever yields empty chunks", () => {
  it.each([
    ["an async generator", () => (async function* () { for (;;) yield new Uint8Array(0); })()],
    ["a sync generator", () => (function* () { for (;;) yield new Uint8Array(0); })()],
  ])("does not starve the server when it is %s: the request timeout still answers 503", async (_what, make) => {
    let closes = 0;
    let closed!: () => void;
    const wasClosed = new Promise<void>((resolve) => (closed = resolve));
    const s = await start(
      (environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        if (environ.PATH_INFO === "/ok") return [ok];
        return Object.assign(make(), {
          close: () => {
            closes++;
            closed();
          },
        });
      },
      { raw: true, requestTimeout: 50 },
    );
    const [stuck, other] = await Promise.all([request(s.url, { path: "/empty-forever" }), request(s.url, { path: "/ok" })]);
    expect(stuck.status).toBe(503);
    expect(other.body.toString()).toBe("still serving");
    await wasClosed;
    expect(closes).toBe(1);
  });
});
