import type { App, Body, HeaderList } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { testClient } from "../src/index.js";
import { deferred, textApp, utf8 } from "./helpers.js";

/** An app that streams one chunk, then waits until its tsgi.signal aborts; records close() calls. */
function waitingStream(): { app: App; signals: AbortSignal[]; closes: () => number } {
  const signals: AbortSignal[] = [];
  let closes = 0;
  const app: App = (environ, startResponse) => {
    const signal = environ["tsgi.signal"]!;
    signals.push(signal);
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    const body: Body = {
      async *[Symbol.asyncIterator]() {
        yield utf8.encode("first");
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      },
      close: () => {
        closes++;
      },
    };
    return body;
  };
  return { app, signals, closes: () => closes };
}

describe("tsgi.signal in the test client (SPEC [environ.signal])", () => {
  it("gives every request a live AbortSignal that a complete response never aborts", async () => {
    let signal: AbortSignal | undefined;
    const app: App = (environ, startResponse) => {
      signal = environ["tsgi.signal"];
      return textApp("hi")(environ, startResponse);
    };
    const client = testClient(app);
    const response = await client.get("/");
    expect(response.text()).toBe("hi");
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal!.aborted).toBe(false);
  });

  it("abort() mid-body aborts the app's signal with the reason, then closes the body once", async () => {
    const { app, signals, closes } = waitingStream();
    const response = await testClient(app).stream("GET", "/events");
    const chunks = response.chunks[Symbol.asyncIterator]();
    expect(new TextDecoder().decode((await chunks.next()).value)).toBe("first");
    const reason = new Error("user closed the tab");
    await response.abort(reason);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBe(reason);
    expect(closes()).toBe(1);
  });

  it("cancel() before the body's end is a disconnect too; after the end it is not", async () => {
    const early = waitingStream();
    const first = await testClient(early.app).stream("GET", "/");
    await first.cancel();
    expect(early.signals[0]!.aborted).toBe(true);
    expect((early.signals[0]!.reason as Error).message).toMatch(/client disconnected/);

    let signal: AbortSignal | undefined;
    const done = await testClient((environ, startResponse) => {
      signal = environ["tsgi.signal"];
      return textApp("all")(environ, startResponse);
    }).stream("GET", "/");
    expect(await done.text()).toBe("all");
    await done.cancel();
    await done.abort();
    expect(signal!.aborted).toBe(false);
  });

  it("a request signal aborting before the headers rejects the request, aborts tsgi.signal and closes the late body", async () => {
    const started = deferred<AbortSignal>();
    let closes = 0;
    const app: App = async (environ, startResponse) => {
      const signal = environ["tsgi.signal"]!;
      started.resolve(signal);
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([utf8.encode("too late")], { close: () => void closes++ });
    };
    const controller = new AbortController();
    const pending = testClient(app).get("/slow", { signal: controller.signal });
    const signal = await started.promise;
    controller.abort(new Error("gave up"));
    await expect(pending).rejects.toThrow("gave up");
    expect(signal.aborted).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closes).toBe(1);
  });

  it("a request signal aborting while a body is collected rejects the request and aborts tsgi.signal", async () => {
    const { app, signals, closes } = waitingStream();
    const controller = new AbortController();
    const pending = testClient(app).get("/", { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(signals[0]!.aborted).toBe(true);
    expect(closes()).toBe(1);
  });

  it("an already aborted request signal sends nothing", async () => {
    let called = false;
    const app: App = (environ, startResponse) => {
      called = true;
      return textApp("x")(environ, startResponse);
    };
    await expect(testClient(app).get("/", { signal: AbortSignal.abort(new Error("before")) })).rejects.toThrow("before");
    expect(called).toBe(false);
  });
});

describe("tsgi.early_hints in the test client (SPEC [environ.early-hints])", () => {
  const hinting: App = (environ, startResponse) => {
    environ["tsgi.early_hints"]?.([["Link", "</style.css>; rel=preload; as=style"]]);
    environ["tsgi.early_hints"]?.([["Link", "</app.js>; rel=preload; as=script"]]);
    return textApp("page")(environ, startResponse);
  };

  it("records each 103 the app sends, in order", async () => {
    const response = await testClient(hinting).get("/");
    const expected: HeaderList[] = [
      [["Link", "</style.css>; rel=preload; as=style"]],
      [["Link", "</app.js>; rel=preload; as=script"]],
    ];
    expect(response.earlyHints).toEqual(expected);
    expect(response.text()).toBe("page");
  });

  it("offers no tsgi.early_hints to an HTTP/1.0 request, which cannot get a 1xx", async () => {
    let present = true;
    const response = await testClient((environ, startResponse) => {
      present = "tsgi.early_hints" in environ;
      return hinting(environ, startResponse);
    }, { protocol: "HTTP/1.0" }).get("/");
    expect(present).toBe(false);
    expect(response.earlyHints).toEqual([]);
  });

  it("lets the validator refuse a hint that is not a Link header", async () => {
    const bad: App = (environ, startResponse) => {
      environ["tsgi.early_hints"]!([["Set-Cookie", "a=b"]]);
      return textApp("x")(environ, startResponse);
    };
    await expect(testClient(bad).get("/")).rejects.toThrow(/environ\.early-hints/);
  });
});
