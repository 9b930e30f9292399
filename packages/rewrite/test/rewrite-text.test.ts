import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { RewriteLimitError, rewriteText } from "../src/index.js";
import { appOf, CloseCounter, enc, split } from "./helpers.js";

describe("rewriteText", () => {
  it("is the tutorial's appending middleware done right: streams, no stale Content-Length, closes once", async () => {
    const counter = new CloseCounter();
    const inner = appOf(["Hello, ", "world"], { as: "stream", counter, headers: [["Content-Type", "text/plain"], ["Content-Length", "12"]] });
    const res = await testClient(rewriteText(inner, { append: " -- Modified by middleware" })).get("/");
    expect(res.text()).toBe("Hello, world -- Modified by middleware");
    expect(res.headers.has("content-length")).toBe(false);
    expect(counter.count).toBe(1);
  });

  it("recomputes Content-Length when the upstream body was an Array", async () => {
    const inner = appOf(["héllo"], { headers: [["Content-Type", "text/plain"], ["Content-Length", "6"]] });
    const res = await testClient(rewriteText(inner, { prepend: "¡", append: "!" })).get("/");
    expect(res.text()).toBe("¡héllo!");
    expect(res.headers.get("content-length")).toBe(String(enc("¡héllo!").byteLength));
  });

  const body = "ça coûte 10 € — naïve café ✓ 🎉 fin";
  it.each([1, 2, 3, 5, 64])("decodes multi-byte characters split across %i-byte chunks", async (size) => {
    const inner = appOf(split(enc(body), size), { as: "stream" });
    const res = await testClient(rewriteText(inner, { replace: [["café", "thé"], ["🎉", "🥳"]] })).get("/");
    expect(res.text()).toBe(body.replace("café", "thé").replace("🎉", "🥳"));
  });

  it.each([1, 2, 7])("finds a pattern split across %i-byte chunks", async (size) => {
    const source = "<p>token</p>".repeat(20);
    const inner = appOf(split(enc(source), size), { as: "stream", headers: [["Content-Type", "text/html"]] });
    const wrapped = rewriteText(inner, { replace: [[/<p>(\w+)<\/p>/, "<b>$1</b>", { maxMatchLength: 16 }]] });
    const res = await testClient(wrapped).get("/");
    expect(res.text()).toBe(source.replace(/<p>(\w+)<\/p>/g, "<b>$1</b>"));
  });

  it("streams an endless body: the first bytes come out after one inner chunk, and leaving closes it once", async () => {
    const counter = new CloseCounter();
    let pulled = 0;
    const endless: App = (_environ, startResponse) =>
      counter.track(
        (async function* () {
          startResponse("200 OK", [["Content-Type", "text/event-stream"]]);
          for (;;) {
            pulled++;
            await new Promise((resolve) => setTimeout(resolve, 1));
            yield enc(`data: ${pulled}\n\n`);
          }
        })(),
      );
    const res = await testClient(rewriteText(endless, { replace: [["data", "DATA"]] })).get("/", { stream: true });
    const first = await res.chunks[Symbol.asyncIterator]().next();
    expect(new TextDecoder().decode(first.value)).toMatch(/^DATA: /); // the last 3 characters wait: they could start "data"
    expect(pulled).toBeLessThanOrEqual(2);
    await res.cancel();
    expect(counter.count).toBe(1);
  });

  it("decodes the declared charset and sends UTF-8, relabelled", async () => {
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
    const inner = appOf([latin1], { headers: [["Content-Type", "text/plain; charset=ISO-8859-1"]] });
    const res = await testClient(rewriteText(inner, { append: " ✓" })).get("/");
    expect(res.text()).toBe("café ✓");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("keeps a byte order mark", async () => {
    const inner = appOf([Uint8Array.from([0xef, 0xbb, 0xbf]), "x"]);
    const res = await testClient(rewriteText(inner, { append: "y" })).get("/");
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("leaves a charset the runtime cannot decode alone", async () => {
    const inner = appOf(["abc"], { headers: [["Content-Type", "text/plain; charset=x-unknown"], ["Content-Length", "3"]] });
    const res = await testClient(rewriteText(inner, { append: "!" })).get("/");
    expect(res.text()).toBe("abc");
    expect(res.headers.get("content-length")).toBe("3");
  });

  it.each([
    ["image/png", false],
    ["application/octet-stream", false],
    ["application/json", true],
    ["application/problem+json", true],
    ["text/css", true],
  ])("touches %s: %s", async (type, touched) => {
    const res = await testClient(rewriteText(appOf(["x"], { headers: [["Content-Type", type]] }), { append: "!" })).get("/");
    expect(res.text()).toBe(touched ? "x!" : "x");
  });

  it("leaves a response without Content-Type alone", async () => {
    const res = await testClient(rewriteText(appOf([""], { headers: [] }), { append: "!" })).get("/");
    expect(res.text()).toBe("");
  });

  it("runs a whole-body transform within maxBytes", async () => {
    const inner = appOf(["b", "a", "c"], { as: "stream" });
    const res = await testClient(rewriteText(inner, { transform: (t) => [...t].sort().join("") })).get("/");
    expect(res.text()).toBe("abc");
  });

  it("fails a whole-body transform past maxBytes with a RewriteLimitError before any byte is sent", async () => {
    const counter = new CloseCounter();
    const inner = appOf(["x".repeat(600), "y".repeat(600)], { as: "stream", counter });
    const client = testClient(rewriteText(inner, { transform: (t) => t }, { maxBytes: 1000 }), { catchErrors: true });
    const res = await client.get("/");
    expect(res.status).toBe(500);
    expect(res.error).toBeInstanceOf(RewriteLimitError);
    expect(String(res.error)).toMatch(/maxBytes \(1000 bytes\)/);
    expect(counter.count).toBe(1);
  });

  it("refuses a RegExp without maxMatchLength when the middleware is built", () => {
    const app: App = appOf(["x"]);
    expect(() => rewriteText(app, { replace: [[/x+/, "y"]] as never })).toThrow(/maxMatchLength/);
  });
});
