import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App, Body } from "@tsgi/core";
import { fromFetchHandler, toFetchHandler } from "../src/index.js";
import { fromNodeHandler } from "../src/node.js";
import { decode, deferred, encode, makeEnviron } from "./helpers.js";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => void process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

/** An async generator body that records what the server did to it, in order. */
function recordedBody(chunks: unknown[], events: string[]): Body {
  async function* generate(): AsyncGenerator<Uint8Array> {
    try {
      for (const chunk of chunks) yield chunk as Uint8Array;
    } finally {
      events.push("finally");
    }
  }
  return Object.assign(generate(), { close: () => void events.push("close") });
}

describe("toFetchHandler against hostile apps and clients", () => {
  it("runs the generator's finally before close() when a chunk after the headers is not bytes", async () => {
    const events: string[] = [];
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return recordedBody([encode("a"), "b", encode("c")], events);
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    await expect(response.text()).rejects.toThrow();
    expect(events).toEqual(["finally", "close"]);
  });

  it("runs the generator's finally before close() when the first chunk is not bytes", async () => {
    const events: string[] = [];
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return recordedBody(["b"], events);
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    expect(response.status).toBe(500);
    expect(events).toEqual(["finally", "close"]);
  });

  it("runs the generator's finally before close() for HEAD with a lazy startResponse", async () => {
    const events: string[] = [];
    const app: App = (_environ, startResponse) => {
      async function* generate(): AsyncGenerator<Uint8Array> {
        try {
          startResponse("200 OK", []);
          yield encode("a");
          yield encode("b");
        } finally {
          events.push("finally");
        }
      }
      return Object.assign(generate(), { close: () => void events.push("close") });
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/", { method: "HEAD" }));
    expect(response.status).toBe(200);
    expect(events).toEqual(["finally", "close"]);
  });

  it("runs the generator's finally before close() when the client cancels between chunks", async () => {
    const events: string[] = [];
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return recordedBody([encode("a"), encode("b"), encode("c")], events);
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(events).toEqual(["finally", "close"]);
  });

  it("closes the body once and answers when the client aborts while the first chunk never comes", async () => {
    let closes = 0;
    const abort = new AbortController();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return {
        [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }),
        close: () => void closes++,
      };
    };
    const pending = toFetchHandler(app, { errors: () => {} })(new Request("http://x/", { signal: abort.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    await pending;
    expect(closes).toBe(1);
  });

  it("closes the body once when the response stream is cancelled while the body never yields", async () => {
    let closes = 0;
    const started = deferred();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      let n = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: () => {
            if (n++ === 0) return Promise.resolve({ done: false, value: encode("a") });
            started.resolve();
            return new Promise<IteratorResult<Uint8Array>>(() => {});
          },
        }),
        close: () => void closes++,
      };
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    const reader = response.body!.getReader();
    await reader.read();
    void reader.read().catch(() => {});
    await started.promise;
    await reader.cancel();
    expect(closes).toBe(1);
  });

  it("logs a close() that throws or rejects and still answers", async () => {
    const logged: string[] = [];
    for (const close of [() => { throw new Error("sync boom"); }, () => Promise.reject(new Error("async boom"))]) {
      const app: App = (_environ, startResponse) => {
        startResponse("200 OK", []);
        return Object.assign([encode("ok")], { close });
      };
      const response = await toFetchHandler(app, { errors: (t) => void logged.push(t) })(new Request("http://x/"));
      expect(await response.text()).toBe("ok");
    }
    expect(logged.join("")).toMatch(/sync boom[\s\S]*async boom/);
  });

  it("answers 500 to an app whose returned thenable throws in then()", async () => {
    const app = (() => ({
      then() {
        throw new Error("bad thenable");
      },
    })) as unknown as App;
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    expect(response.status).toBe(500);
  });

  it("rejects tsgi.input reads when the upload errors mid-way", async () => {
    const seen = deferred<unknown>();
    const app: App = async (environ, startResponse) => {
      try {
        for await (const _ of environ["tsgi.input"]) void _;
        seen.resolve("clean end");
      } catch (error) {
        seen.resolve(error);
      }
      startResponse("200 OK", []);
      return [];
    };
    let sent = false;
    const upload = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(encode("part"));
        } else controller.error(new Error("upload broke"));
      },
    });
    await toFetchHandler(app, { errors: () => {} })(
      new Request("http://x/", { method: "POST", body: upload, duplex: "half" } as RequestInit),
    );
    expect(await seen.promise).toBeInstanceOf(Error);
  });

  it("streams a hundred thousand tiny chunks without a stack overflow", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return (function* () {
        for (let i = 0; i < 100_000; i++) yield i % 2 ? encode("x") : new Uint8Array(0);
      })();
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    expect((await response.text()).length).toBe(50_000);
  });

  it("re-throws excInfo to an app that calls startResponse again after bytes went out", async () => {
    const thrown = deferred<unknown>();
    const app: App = (_environ, startResponse) => {
      async function* generate(): AsyncGenerator<Uint8Array> {
        yield encode("a");
        const error = new Error("late");
        try {
          startResponse("500 Internal Server Error", [], error);
        } catch (e) {
          thrown.resolve(e);
          throw e;
        }
      }
      startResponse("200 OK", []);
      return generate();
    };
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://x/"));
    await expect(response.text()).rejects.toThrow();
    expect(((await thrown.promise) as Error).message).toBe("late");
  });
});

describe("fromFetchHandler against hostile handlers", () => {
  it("throws from the body when the Response stream errors mid-way, and closes once", async () => {
    let n = 0;
    const handler = (): Response =>
      new Response(
        new ReadableStream({
          pull(controller) {
            if (n++ === 0) controller.enqueue(encode("a"));
            else controller.error(new Error("upstream broke"));
          },
        }),
      );
    const body = await fromFetchHandler(handler)(makeEnviron("/"), () => {});
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(decode(chunk));
      })(),
    ).rejects.toThrow("upstream broke");
    expect(chunks).toEqual(["a"]);
    await body.close?.();
    await body.close?.();
  });

  it("refuses a Response whose body was already read", async () => {
    const response = new Response("used");
    await response.text();
    await expect(fromFetchHandler(() => response)(makeEnviron("/"), () => {})).rejects.toThrow(/body/i);
  });

  it("refuses Response.error() with a clear error", async () => {
    await expect(fromFetchHandler(() => Response.error())(makeEnviron("/"), () => {})).rejects.toThrow();
  });
});

describe("fromNodeHandler against hostile handlers", () => {
  it("survives a handler that writes after end", async () => {
    const logged: string[] = [];
    const app = fromNodeHandler((_req, res) => {
      res.end("done");
      res.write("more");
    });
    const environ = makeEnviron("/");
    environ["tsgi.errors"] = { write: (t: string) => void logged.push(t), writelines: () => {}, flush: () => {} };
    const result = await (async () => {
      let status = "";
      const body = await app(environ, (s) => void (status = s));
      const chunks: Uint8Array[] = [];
      for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(c);
      await body.close?.();
      return { status, text: chunks.map(decode).join("") };
    })();
    expect(result).toEqual({ status: "200 OK", text: "done" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(logged.join("")).toMatch(/write after end/);
    await app.close();
  });
});
