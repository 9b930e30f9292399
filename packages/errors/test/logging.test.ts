import type { App, Body, Environ } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it, vi } from "vitest";
import { createError, errors, type ErrorInfo } from "../src/index.js";
import { CloseCounter, errorLines, streaming, throwing } from "./helpers.js";

describe("the log line", () => {
  it("has method, path, status, request id and the stack, on one line", async () => {
    const response = await testClient(errors(throwing(new TypeError("bad input")))).post("/orders?draft=1", {
      headers: { "X-Request-Id": "abc-123" },
      body: "x",
    });
    const lines = errorLines(response.errors);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[tsgi errors\] 500 POST \/orders\?draft=1 request_id=abc-123 answered with an error page: TypeError: bad input\\n {4}at /);
  });

  it("includes the causes of the error", async () => {
    const error = new Error("outer", { cause: new Error("root cause") });
    const [line] = errorLines((await testClient(errors(throwing(error))).get("/")).errors);
    expect(line).toContain("[cause] Error: root cause");
  });

  it("goes to a log function instead of tsgi.errors", async () => {
    const log = vi.fn<(line: string, environ: Environ) => void>();
    const response = await testClient(errors(throwing(createError(404)), { log })).get("/missing");
    expect(errorLines(response.errors)).toHaveLength(0);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^\[tsgi errors\] 404 GET \/missing /);
  });

  it("goes nowhere with log: false", async () => {
    const response = await testClient(errors(throwing(new Error("quiet")), { log: false })).get("/");
    expect(response.status).toBe(500);
    expect(response.errors).toBe("");
  });

  it("is written once, and the middleware still answers, when the log function throws", async () => {
    const log = (): void => {
      throw new Error("log sink down");
    };
    const response = await testClient(errors(throwing(new Error("x")), { log })).get("/");
    expect(response.status).toBe(500);
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(errorLines(response.errors)[0]).toContain("the log function threw");
  });
});

describe("onError", () => {
  it("is called once per error with the environ and what happened", async () => {
    const onError = vi.fn<(error: unknown, environ: Environ, info: ErrorInfo) => void>();
    const error = createError(409, "conflict");
    const response = await testClient(errors(throwing(error), { onError })).get("/", { headers: { "X-Request-Id": "r-9" } });
    expect(onError).toHaveBeenCalledTimes(1);
    const [seen, environ, info] = onError.mock.calls[0]!;
    expect(seen).toBe(error);
    expect(environ.PATH_INFO).toBe("/");
    expect(info).toMatchObject({ status: 409, requestId: "r-9", headersSent: false, phase: "app" });
    expect(info.line).toBe(errorLines(response.errors)[0] + "\n");
  });

  it("is told when the response was aborted mid-body", async () => {
    const onError = vi.fn<(error: unknown, environ: Environ, info: ErrorInfo) => void>();
    const response = await testClient(errors(streaming(["a"], new Error("late")), { onError })).get("/", { stream: true });
    await expect(response.bytes()).rejects.toThrow("late");
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![2]).toMatchObject({ status: 200, headersSent: true, phase: "body" });
  });

  it("throwing is caught and logged as one more line", async () => {
    const onError = (): void => {
      throw new Error("reporter crashed");
    };
    const response = await testClient(errors(throwing(new Error("x")), { onError })).get("/");
    expect(response.status).toBe(500);
    const lines = errorLines(response.errors);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("onError threw");
    expect(lines[1]).toContain("reporter crashed");
  });

  it("rejecting is caught and logged as one more line", async () => {
    let rejected!: () => void;
    const done = new Promise<void>((resolve) => (rejected = resolve));
    const onError = (): Promise<void> => {
      setTimeout(rejected, 0);
      return Promise.reject(new Error("reporter rejected"));
    };
    const client = testClient(errors(throwing(new Error("x")), { onError }));
    const response = await client.get("/");
    await done;
    expect(response.status).toBe(500);
    expect(errorLines(response.errors).some((line) => line.includes("onError rejected"))).toBe(true);
  });
});

describe("request ids", () => {
  it.each([
    ["a sane incoming id", "req-42.a_b:c", "req-42.a_b:c"],
    ["a 128-character id", "a".repeat(128), "a".repeat(128)],
  ])("keeps %s", async (_what, incoming, expected) => {
    const response = await testClient(errors(throwing(new Error("x")))).get("/", { headers: { "X-Request-Id": incoming, Accept: "application/json" } });
    expect(response.headers.get("x-request-id")).toBe(expected);
    expect(response.json<{ instance: string }>().instance).toBe(expected);
    expect(errorLines(response.errors)[0]).toContain(`request_id=${expected}`);
  });

  it.each([
    ["no id", undefined],
    ["a 129-character id", "a".repeat(129)],
    ["an id with HTML", "<script>"],
    ["an id with spaces", "a b"],
    ["an id with a quote", 'a"b'],
  ])("generates a UUID for %s", async (_what, incoming) => {
    const headers: Record<string, string> = incoming === undefined ? {} : { "X-Request-Id": incoming };
    const response = await testClient(errors(throwing(new Error("x")))).get("/", { headers: { ...headers, Accept: "text/html" } });
    const id = response.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(response.text()).toContain(`<code>${id}</code>`);
    expect(errorLines(response.errors)[0]).toContain(`request_id=${id}`);
  });

  it("is the same for every error of one request", async () => {
    const counter = new CloseCounter();
    const app: App = (environ, startResponse) =>
      counter.track(streaming([], new Error("before the first byte"))(environ, startResponse) as Body, () => {
        throw new Error("close failed too");
      });
    const response = await testClient(errors(app)).get("/");
    const id = response.headers.get("x-request-id")!;
    const lines = errorLines(response.errors);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain(`request_id=${id} `);
  });

  it("reads and answers in the header named by requestIdHeader", async () => {
    const app = errors(throwing(new Error("x")), { requestIdHeader: "X-Correlation-Id" });
    const response = await testClient(app).get("/", { headers: { "X-Correlation-Id": "corr-1" } });
    expect(response.headers.get("x-correlation-id")).toBe("corr-1");
    expect(response.headers.has("x-request-id")).toBe(false);
  });
});

describe("options", () => {
  const app: App = throwing(new Error("x"));
  it.each([
    ["format", { format: "xml" }],
    ["onError", { onError: "log" }],
    ["requestIdHeader", { requestIdHeader: "X Request" }],
    ["requestIdHeader", { requestIdHeader: "X_Request_Id" }],
    ["drainLimit", { drainLimit: -1 }],
    ["drainLimit", { drainLimit: 1.5 }],
    ["log", { log: "stderr" }],
    ["statusPages", { statusPages: { 200: "ok" } }],
    ["statusPages", { statusPages: "yes" }],
    ["debug", { debug: 1 }],
  ])("refuses a bad %s at construction", (name, options) => {
    expect(() => errors(app, options as never)).toThrow(new RegExp(`options\\.${name}`));
  });

  it("refuses an app that is not a function", () => {
    expect(() => errors(undefined as unknown as App)).toThrow(TypeError);
  });
});
