import { createHash } from "node:crypto";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { createError, errors } from "../src/index.js";
import { PAGE_STYLE, PAGE_STYLE_HASH } from "../src/page-style.js";
import { throwing } from "./helpers.js";

describe("the format of the error page", () => {
  it.each([
    [undefined, "text/plain; charset=utf-8"],
    ["*/*", "text/plain; charset=utf-8"],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"],
    ["application/json", "application/problem+json"],
    ["application/problem+json", "application/problem+json"],
    ["application/json;q=0.5, text/html;q=0.9", "text/html; charset=utf-8"],
    ["text/plain;q=0, application/*", "application/problem+json"],
    ["image/png", "text/plain; charset=utf-8"],
    ["not a media type;;;", "text/plain; charset=utf-8"],
  ])("for Accept %j is %s", async (accept, type) => {
    const headers: Record<string, string> = accept === undefined ? {} : { Accept: accept };
    const response = await testClient(errors(throwing(new Error("x")))).get("/", { headers });
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.getAll("vary")).toEqual(["Accept"]);
  });

  it.each([
    ["json", "application/problem+json"],
    ["html", "text/html; charset=utf-8"],
    ["text", "text/plain; charset=utf-8"],
  ] as const)("is always %s with format: %j, without Vary", async (format, type) => {
    const response = await testClient(errors(throwing(new Error("x")), { format })).get("/", { headers: { Accept: "text/html" } });
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.has("vary")).toBe(false);
  });
});

describe("production pages", () => {
  it("give RFC 9457 problem details with the request id as instance", async () => {
    const response = await testClient(errors(throwing(createError(404, "no user 7")))).get("/", {
      headers: { Accept: "application/json", "X-Request-Id": "req-1" },
    });
    expect(response.json()).toEqual({ type: "about:blank", title: "Not Found", status: 404, detail: "no user 7", instance: "req-1" });
  });

  it("never show the message or stack of an unexposed error", async () => {
    for (const accept of ["application/json", "text/html", "text/plain"]) {
      const error = new Error("SELECT * FROM users WHERE secret");
      const response = await testClient(errors(throwing(error))).get("/", { headers: { Accept: accept } });
      expect(response.text()).toContain("Internal Server Error");
      expect(response.text()).not.toContain("SELECT");
      expect(response.text()).not.toContain("at ");
    }
    const json = await testClient(errors(throwing(new Error("hidden")))).get("/", { headers: { Accept: "application/json" } });
    expect(json.json()).not.toHaveProperty("detail");
  });

  it("never show the message of a 5xx HttpError unless it is marked expose", async () => {
    const hidden = await testClient(errors(throwing(createError(503, "replica lag 30s")))).get("/");
    expect(hidden.status).toBe(503);
    expect(hidden.text()).not.toContain("replica");
    const shown = await testClient(errors(throwing(createError(503, "down for maintenance", { expose: true })))).get("/");
    expect(shown.text()).toContain("down for maintenance");
  });

  it("show the message of an error marked expose with a valid status only", async () => {
    const plain = Object.assign(new Error("try again"), { status: 429, expose: true });
    expect((await testClient(errors(throwing(plain))).get("/")).text()).toContain("try again");
    const unmarked = Object.assign(new Error("internal detail"), { status: 400 });
    expect((await testClient(errors(throwing(unmarked))).get("/")).text()).not.toContain("internal detail");
  });

  it("escape HTML in an exposed message", async () => {
    const response = await testClient(errors(throwing(createError(400, "<script>alert('x')</script>")))).get("/", {
      headers: { Accept: "text/html" },
    });
    expect(response.text()).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(response.text()).not.toContain("<script>");
  });

  it("allow their inline style, and nothing else, by its hash", async () => {
    const hash = `'sha256-${createHash("sha256").update(PAGE_STYLE).digest("base64")}'`;
    expect(PAGE_STYLE_HASH).toBe(hash);
    const response = await testClient(errors(throwing(new Error("x")))).get("/", { headers: { Accept: "text/html" } });
    expect(response.headers.get("content-security-policy")).toBe(`default-src 'none'; style-src ${hash}`);
    expect(response.text()).toContain(`<style>${PAGE_STYLE}</style>`);
  });
});
