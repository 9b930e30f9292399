import { HttpError, type App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { createError, errors } from "../src/index.js";
import { errorLines, throwing } from "./helpers.js";

const withProps = (props: Record<string, unknown>): Error => Object.assign(new Error("with props"), props);

describe("the status of the error page", () => {
  it.each([
    ["an HttpError's status", new HttpError(404, "nope"), 404],
    ["err.status", withProps({ status: 422 }), 422],
    ["err.statusCode", withProps({ statusCode: 503 }), 503],
    ["err.status over err.statusCode", withProps({ status: 401, statusCode: 403 }), 401],
    ["err.statusCode when err.status is invalid", withProps({ status: 200, statusCode: 429 }), 429],
  ])("comes from %s", async (_what, error, status) => {
    const response = await testClient(errors(throwing(error))).get("/");
    expect(response.status).toBe(status);
  });

  it.each([
    ["200", 200],
    ["999", 999],
    ["the string '404'", "404"],
    ["NaN", Number.NaN],
    ["302", 302],
    ["404.5", 404.5],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an object", { valueOf: (): number => 404 }],
  ])("is 500 when err.status is %s", async (_what, status) => {
    const error = withProps({ status, expose: true });
    const response = await testClient(errors(throwing(error))).get("/");
    expect(response.status).toBe(500);
    expect(response.text()).not.toContain("with props");
    expect(errorLines(response.errors)).toHaveLength(1);
  });
});

describe("the headers of the error page", () => {
  it("applies err.headers as pairs and as a record", async () => {
    const pairs = await testClient(errors(throwing(createError(429, "slow down", { headers: [["Retry-After", "30"]] })))).get("/");
    expect(pairs.headers.get("retry-after")).toBe("30");
    const record = withProps({ status: 401, headers: { "WWW-Authenticate": 'Bearer realm="api"' } });
    const fromRecord = await testClient(errors(throwing(record))).get("/");
    expect(fromRecord.headers.get("www-authenticate")).toBe('Bearer realm="api"');
  });

  it("drops hop-by-hop headers, CR/LF values and invalid names from err.headers", async () => {
    const headers: [string, string][] = [
      ["Connection", "close"],
      ["Transfer-Encoding", "chunked"],
      ["X-Injected", "a\r\nSet-Cookie: evil=1"],
      ["Bad Name", "x"],
      ["X-Fine", "yes"],
    ];
    const response = await testClient(errors(throwing(createError(400, "bad", { headers })))).get("/");
    expect(response.status).toBe(400);
    expect(response.headers.get("x-fine")).toBe("yes");
    for (const name of ["connection", "transfer-encoding", "x-injected", "set-cookie"]) expect(response.headers.has(name)).toBe(false);
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("ignores err.headers that are not a list or a record, or whose getters throw", async () => {
    const hostile = withProps({ status: 400 });
    Object.defineProperty(hostile, "headers", { get: () => { throw new Error("getter"); } });
    for (const error of [withProps({ status: 400, headers: "X-A: 1" }), withProps({ status: 400, headers: [["only-name"]] }), hostile]) {
      const response = await testClient(errors(throwing(error))).get("/");
      expect(response.status).toBe(400);
    }
  });

  it("keeps the app's CORS and Vary headers and drops its content headers", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [
        ["Access-Control-Allow-Origin", "https://app.example"],
        ["Access-Control-Expose-Headers", "X-Request-Id"],
        ["Vary", "Origin"],
        ["Content-Length", "1000"],
        ["Content-Encoding", "gzip"],
        ["ETag", '"abc"'],
        ["Content-Range", "bytes 0-9/100"],
        ["X-Private", "app"],
      ]);
      throw new Error("failed after starting");
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(response.headers.get("access-control-expose-headers")).toBe("X-Request-Id");
    expect(response.headers.getAll("vary")).toEqual(["Origin, Accept"]);
    for (const name of ["content-encoding", "etag", "content-range", "x-private"]) expect(response.headers.has(name)).toBe(false);
    expect(response.headers.get("content-length")).toBe(String(response.body.byteLength));
  });

  it.each(["text/plain", "text/html", "application/json"])("sets nosniff, CSP, no-store and a correct Content-Length for %s", async (accept) => {
    const response = await testClient(errors(throwing(new Error("x")))).get("/", { headers: { Accept: accept } });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-length")).toBe(String(response.body.byteLength));
  });

  it("does not let err.headers weaken the page's own security headers", async () => {
    const headers: [string, string][] = [["Cache-Control", "public, max-age=3600"], ["Content-Security-Policy", "default-src *"], ["Content-Type", "text/html"]];
    const response = await testClient(errors(throwing(createError(404, undefined, { headers })))).get("/");
    expect(response.headers.getAll("cache-control")).toEqual(["no-store"]);
    expect(response.headers.getAll("content-security-policy")).toEqual(["default-src 'none'"]);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const response = await testClient(errors(throwing(createError(404)))).head("/");
    expect(response.status).toBe(404);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
    expect(response.body.byteLength).toBe(0);
  });
});

describe("createError", () => {
  it("defaults the message to the reason phrase and exposes 4xx only", () => {
    expect(createError(404).message).toBe("Not Found");
    expect(createError(404).expose).toBe(true);
    expect(createError(503).expose).toBe(false);
    expect(createError(503, "x", { expose: true }).expose).toBe(true);
    const cause = new Error("root");
    expect(createError(502, "upstream", { cause }).cause).toBe(cause);
    expect(createError(404)).toBeInstanceOf(HttpError);
  });

  it.each([200, 399, 600, 404.5, Number.NaN])("refuses status %s", (status) => {
    expect(() => createError(status)).toThrow(RangeError);
  });
});
