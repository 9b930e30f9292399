import { HttpError, type App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { createError, errors } from "../src/index.js";
import { circular, CloseCounter, errorLines, revokedProxy, streaming, throwing, utf8 } from "./helpers.js";

function throwingGetters(): object {
  const value = {};
  for (const key of ["message", "stack", "status", "statusCode", "expose", "headers", "name", "cause", "errors", "constructor"]) {
    Object.defineProperty(value, key, { get: () => { throw new Error(`getter ${key}`); }, enumerable: true });
  }
  return value;
}

const thrownValues: [string, () => unknown][] = [
  ["a string", () => "plain string"],
  ["undefined", () => undefined],
  ["null", () => null],
  ["a number", () => 42],
  ["a bigint", () => 10n],
  ["a symbol", () => Symbol("sym")],
  ["a function", () => function named() {}],
  ["an object with a circular reference", circular],
  ["an object whose getters throw", throwingGetters],
  ["a revoked Proxy", revokedProxy],
  ["an Error whose cause is itself", () => { const e = new Error("loop"); (e as { cause?: unknown }).cause = e; return e; }],
];

describe("thrown values that are not Errors", () => {
  it.each(thrownValues)("%s thrown by the app gives a 500 page and one log line", async (_what, make) => {
    const response = await testClient(errors(throwing(make()))).get("/");
    expect(response.status).toBe(500);
    expect(response.headers.get("content-length")).toBe(String(response.body.byteLength));
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it.each(thrownValues)("%s thrown mid-stream gives a clean abort, one log line and one close", async (_what, make) => {
    const counter = new CloseCounter();
    const value = make();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return counter.track(
        (async function* () {
          yield utf8.encode("partial");
          throw value;
        })(),
      );
    };
    const response = await testClient(errors(app)).get("/", { stream: true });
    let failed = false;
    try {
      await response.bytes();
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    expect(counter.count).toBe(1);
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it.each(thrownValues)("%s thrown with debug on still gives a page", async (_what, make) => {
    const response = await testClient(errors(throwing(make()), { debug: true })).get("/", { headers: { Accept: "text/html" } });
    expect(response.status).toBe(500);
    expect(response.text()).toContain("<h1>500 Internal Server Error</h1>");
  });
});

describe("hostile messages", () => {
  it("writes a message with CRLF as one log line", async () => {
    const response = await testClient(errors(throwing(new Error("first\r\n[tsgi errors] 200 forged line")))).get("/");
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(response.errors.split("\n").filter((line) => line.includes("forged"))).toHaveLength(1);
  });

  it("keeps a 1 MB message out of the page and cuts it in the log", async () => {
    const huge = "x".repeat(1024 * 1024);
    const response = await testClient(errors(throwing(createError(500, huge)))).get("/");
    expect(response.body.byteLength).toBeLessThan(1000);
    const [line] = errorLines(response.errors);
    expect(line!.length).toBeLessThan(20 * 1024);
    expect(line).toContain("cut at");
  });

  it("cuts a 1 MB exposed message in no way but escapes it, keeping Content-Length right", async () => {
    const huge = "<b>".repeat(300_000);
    const response = await testClient(errors(throwing(new HttpError(400, huge)))).get("/", { headers: { Accept: "text/html" } });
    expect(response.headers.get("content-length")).toBe(String(response.body.byteLength));
    expect(response.text()).not.toContain("<b>");
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("keeps a message with HTML escaped in the debug page", async () => {
    const response = await testClient(errors(throwing(new Error('<img src=x onerror="alert(1)">')), { debug: true })).get("/", {
      headers: { Accept: "text/html" },
    });
    expect(response.text()).not.toContain("<img");
    expect(response.text()).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("escapes a decoded path with a newline in the log line", async () => {
    const response = await testClient(errors(throwing(createError(404)))).get("/a%0Ab");
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(errorLines(response.errors)[0]).toContain("/a\\nb");
  });
});

describe("err.headers with bad values", () => {
  it("drops hop-by-hop and CR/LF headers but answers the error", async () => {
    const error = createError(400, "bad", { headers: [["Keep-Alive", "timeout=5"], ["Upgrade", "h2c"], ["X-A", "1\n2"], ["Location", "/ok"]] });
    const response = await testClient(errors(throwing(error))).get("/");
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBe("/ok");
    expect(response.headers.has("keep-alive")).toBe(false);
    expect(response.headers.has("x-a")).toBe(false);
    expect(errorLines(response.errors)).toHaveLength(1);
  });
});

describe("streams that fail in odd places", () => {
  it("survives an error thrown after startResponse but before the first chunk with debug on", async () => {
    const counter = new CloseCounter();
    const response = await testClient(errors(streaming([], new TypeError("first chunk"), counter), { debug: true })).get("/");
    expect(response.status).toBe(500);
    expect(response.text()).toContain("first chunk");
    expect(counter.count).toBe(1);
  });
});
