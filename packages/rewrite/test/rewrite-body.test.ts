import { callApp, catchBody, type App, type Middleware } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { rewriteBody } from "../src/index.js";
import { appOf, CloseCounter, dec, enc } from "./helpers.js";

const upper = () =>
  new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(enc(dec(chunk).toUpperCase()));
    },
  });

/** A minimal error handler outside: answers errors before the first byte through startResponse(…, excInfo). */
const errorPage: Middleware = (app) => async (environ, startResponse) => {
  const { status, headers, body } = await callApp(app, environ);
  startResponse(status, headers);
  return catchBody(body, (error, info) => {
    if (info.headersSent) throw error;
    startResponse("502 Bad Gateway", [["Content-Type", "text/plain"]], error);
    return [enc("rewrite failed")];
  });
};

describe("rewriteBody", () => {
  it("takes a TransformStream factory", async () => {
    const res = await testClient(rewriteBody(appOf(["ab", "c"], { as: "stream" }), upper)).get("/");
    expect(res.text()).toBe("ABC");
  });

  it("takes an async generator function that may yield 0..n chunks per input", async () => {
    const doubled = async function* (chunks: AsyncIterable<Uint8Array>) {
      for await (const chunk of chunks) {
        if (dec(chunk) === "skip") continue;
        yield chunk;
        yield chunk;
      }
      yield enc("|end");
    };
    const res = await testClient(rewriteBody(appOf(["a", "skip", "b"], { as: "stream" }), doubled)).get("/");
    expect(res.text()).toBe("aabb|end");
  });

  it("pulls the upstream only as fast as the output is read (backpressure)", async () => {
    let pulled = 0;
    const endless: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
        for (;;) {
          pulled++;
          yield new Uint8Array(1024);
        }
      })();
    const res = await testClient(rewriteBody(endless, upper)).get("/", { stream: true });
    const it = res.chunks[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) await it.next();
    expect(pulled).toBeLessThan(12);
    await res.cancel();
  });

  it("routes a transform error before the first byte through startResponse(…, excInfo) to an error handler outside", async () => {
    const counter = new CloseCounter();
    const failing = () =>
      new TransformStream<Uint8Array, Uint8Array>({
        transform() {
          throw new Error("transform broke");
        },
      });
    const app = errorPage(rewriteBody(appOf(["x"], { as: "stream", counter }), failing));
    const res = await testClient(app).get("/");
    expect(res.status).toBe(502);
    expect(res.text()).toBe("rewrite failed");
    expect(counter.count).toBe(1);
  });

  it("aborts the response when the transform fails after the first byte", async () => {
    const counter = new CloseCounter();
    const failLate = async function* (chunks: AsyncIterable<Uint8Array>) {
      let n = 0;
      for await (const chunk of chunks) {
        if (n++ === 1) throw new Error("late");
        yield chunk;
      }
    };
    const app = errorPage(rewriteBody(appOf(["a", "b", "c"], { as: "stream", counter }), failLate));
    await expect(testClient(app).get("/")).rejects.toThrow("late");
    expect(counter.count).toBe(1);
  });

  it("closes the wrapped body once when the response is never iterated", async () => {
    const counter = new CloseCounter();
    const app = rewriteBody(appOf(["a"], { as: "stream", counter }), upper);
    const environ = await testClient(app).environFor("GET", "/");
    const body = await app(environ, () => {});
    await body.close?.();
    await body.close?.();
    expect(counter.count).toBe(1);
  });

  it.each([["when"], ["types"]] as const)("closes the wrapped body once when the %s predicate throws, and the error reaches the caller", async (name) => {
    const counter = new CloseCounter();
    const predicate = () => {
      throw new Error(`${name} failed`);
    };
    const app = rewriteBody(appOf(["a"], { as: "stream", counter }), upper, { [name]: predicate });
    const res = await testClient(app, { catchErrors: true }).get("/");
    expect(res.status).toBe(500);
    expect(counter.count).toBe(1);
  });
});

describe("an error handler inside a rewriter", () => {
  it("can still replace the response with excInfo before the first byte, and the page is rewritten consistently", async () => {
    const { compress } = await import("../src/index.js");
    const { gunzipSync } = await import("node:zlib");
    const counter = new CloseCounter();
    const failsBeforeFirstByte: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["ETag", '"e"']]);
      return counter.track(
        (async function* () {
          await Promise.resolve();
          throw new Error("upstream failed");
        })(),
      );
    };
    const app = compress(errorPage(failsBeforeFirstByte));
    const res = await testClient(app).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.status).toBe(502);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(dec(gunzipSync(res.body))).toBe("rewrite failed");
    expect(counter.count).toBe(1);
  });
});
