import type { App, HeaderList } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { compress, rewriteBody, rewriteHtml, rewriteText } from "../src/index.js";
import { whyUntouchable } from "../src/skip-rules.js";
import { appOf, CloseCounter } from "./helpers.js";

const body = "<p>" + "x".repeat(2000) + "</p>";
const rewriters: Array<[string, (app: App) => App]> = [
  ["rewriteText", (app) => rewriteText(app, { append: "!" })],
  ["rewriteHtml", (app) => rewriteHtml(app, [["p", { element: (el) => void el.remove() }]])],
  ["rewriteBody", (app) => rewriteBody(app, async function* (chunks) { for await (const c of chunks) yield c.map(() => 0x41); })],
  ["compress", (app) => compress(app)],
];

const cases: Array<[string, string, HeaderList, string]> = [
  ["206", "206 Partial Content", [["Content-Type", "text/html"], ["Content-Range", `bytes 0-${body.length - 1}/9999`]], "GET"],
  ["Content-Range on a 200", "200 OK", [["Content-Type", "text/html"], ["Content-Range", `bytes 0-${body.length - 1}/9999`]], "GET"],
  ["no-transform", "200 OK", [["Content-Type", "text/html"], ["Cache-Control", "public, no-transform"]], "GET"],
  ["no-transform in a second Cache-Control", "200 OK", [["Content-Type", "text/html"], ["Cache-Control", "public"], ["Cache-Control", "No-Transform"]], "GET"],
];

describe.each(rewriters)("%s leaves alone", (_name, wrap) => {
  it.each(cases)("%s", async (_case, status, headers, method) => {
    const counter = new CloseCounter();
    const res = await testClient(wrap(appOf([body], { status, headers, counter }))).request(method, "/", {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(res.headers.get("content-encoding")).toBeUndefined();
    if (method !== "HEAD") expect(res.text()).toBe(body);
    const length = headers.find(([n]) => n === "Content-Length");
    if (length) expect(res.headers.get("content-length")).toBe(length[1]);
    expect(counter.count).toBe(1);
  });

  it.each([["204 No Content"], ["304 Not Modified"]])("%s", async (status) => {
    const counter = new CloseCounter();
    const headers: HeaderList = status.startsWith("304") ? [["ETag", '"a"']] : [];
    const res = await testClient(wrap(appOf([], { status, headers, counter }))).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.raw.filter(([n]) => n.toLowerCase() !== "vary")).toEqual(headers);
    expect(counter.count).toBe(1);
  });

  it("HEAD: the body is not rewritten, the headers are the ones GET gets (no length, which would need the rewrite)", async () => {
    const counter = new CloseCounter();
    const headers: HeaderList = [["Content-Type", "text/html"], ["Content-Length", String(body.length)], ["ETag", '"x"']];
    const client = testClient(wrap(appOf([body], { headers, counter })), { headers: { "Accept-Encoding": "gzip" } });
    const head = await client.head("/");
    const get = await client.get("/");
    expect(head.headers.has("content-length")).toBe(false);
    for (const name of ["content-encoding", "etag", "vary", "content-type"]) expect(head.headers.get(name)).toBe(get.headers.get(name));
    expect(counter.count).toBe(2);
  });

  it("a response the `when` predicate declines", async () => {
    const app = appOf([body], { headers: [["Content-Type", "text/html"]] });
    const wrapped = _name === "compress" ? compress(app, { when: () => false }) : wrapWhen(_name, app);
    const res = await testClient(wrapped).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.text()).toBe(body);
  });
});

function wrapWhen(name: string, app: App): App {
  const when = () => false;
  if (name === "rewriteText") return rewriteText(app, { append: "!" }, { when });
  if (name === "rewriteHtml") return rewriteHtml(app, [["p", { element: (el) => void el.remove() }]], { when });
  return rewriteBody(app, () => new TransformStream(), { when });
}

// 1xx cannot reach a rewriter through a validated app (SPEC [status.final]),
// so the rule itself is checked.
describe("the skip rule by status", () => {
  it.each([[100], [101], [103], [204], [206], [304]])("leaves %i alone", (code) => {
    expect(whyUntouchable(code, [])).toBeDefined();
  });
  it.each([[200], [201], [404], [500]])("may rewrite %i", (code) => {
    expect(whyUntouchable(code, [["Content-Type", "text/html"]])).toBeUndefined();
  });
});
