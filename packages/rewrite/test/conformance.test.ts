import type { App } from "@tsgi/core";
import { checkMiddleware } from "@tsgi/testing/conformance";
import { describe, expect, it } from "vitest";
import { compress, rewriteBody, rewriteHeaders, rewriteHtml, rewriteText } from "../src/index.js";

const changesBody = { changesBody: true };
const cases: Array<[string, (app: App) => App, Parameters<typeof checkMiddleware>[1]]> = [
  ["rewriteHeaders", (app) => rewriteHeaders(app, { set: { "X-Frame-Options": "DENY" } }), {}],
  ["rewriteText", (app) => rewriteText(app, { append: " -- Modified by middleware", replace: [["a", "b"]] }, { types: () => true }), changesBody],
  ["rewriteHtml", (app) => rewriteHtml(app, [["*", { element: (el) => void el.setAttribute("data-x", "1") }]], { types: () => true }), changesBody],
  ["rewriteBody", (app) => rewriteBody(app, async function* (chunks) { for await (const c of chunks) yield c.slice().reverse(); }), changesBody],
  ["compress (gzip)", (app) => compress(app, { threshold: 0, types: () => true }), { ...changesBody, headers: [["Accept-Encoding", "gzip"]] }],
  ["compress (br)", (app) => compress(app, { threshold: 0, types: () => true }), { ...changesBody, headers: [["Accept-Encoding", "br"]] }],
];

describe("the middleware conformance kit", () => {
  it.each(cases)("%s passes the middleware conformance kit", async (_name, factory, options) => {
    const result = await checkMiddleware(factory, options);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
