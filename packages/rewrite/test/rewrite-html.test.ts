import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { rewriteHtml, type Element } from "../src/index.js";
import { appOf, CloseCounter, enc, split } from "./helpers.js";

const page = '<!doctype html><html><head><title>t</title></head><body><a href="http://x.test/">x</a><!-- c --><p>hi</p></body></html>';
const html = (chunks: Array<Uint8Array | string>, extra: Array<[string, string]> = []) =>
  appOf(chunks, { as: "stream", headers: [["Content-Type", "text/html; charset=utf-8"], ...extra] });

describe("rewriteHtml", () => {
  it.each([1, 3, 17, 1000])("injects a script before </body> with the body split in %i-byte chunks", async (size) => {
    const app = rewriteHtml(html(split(enc(page), size)), [
      ["body", { element: (el) => void el.append('<script src="/a.js"></script>', { html: true }) }],
    ]);
    const res = await testClient(app).get("/");
    expect(res.text()).toBe(page.replace("</body>", '<script src="/a.js"></script></body>'));
  });

  it("rewrites attributes, text and comments, and escapes text content", async () => {
    const app = rewriteHtml(html([page]), [
      ["a[href]", { element: (el) => void el.setAttribute("href", el.getAttribute("href")!.replace("http:", "https:")) }],
      ["p", { text: (t) => void (t.text && t.replace("<hello>")) }],
      ["body", { comments: (c) => void c.remove() }],
      ["title", { element: (el) => void el.before("<!-- before title -->", { html: true }) }],
    ]);
    const res = await testClient(app).get("/");
    expect(res.text()).toBe(
      page
        .replace("http://x.test/", "https://x.test/")
        .replace("<p>hi</p>", "<p>&lt;hello&gt;</p>")
        .replace("<!-- c -->", "")
        .replace("<title>", "<!-- before title --><title>"),
    );
  });

  const operations: Array<[string, (el: Element) => void, string]> = [
    ["before", (el: Element) => void el.before("<hr>", { html: true }), "<hr><p>hi</p>"],
    ["after", (el: Element) => void el.after("<hr>", { html: true }), "<p>hi</p><hr>"],
    ["prepend", (el: Element) => void el.prepend("&lt;"), "<p>&amp;lt;hi</p>"],
    ["append (html)", (el: Element) => void el.append("<b>!</b>", { html: true }), "<p>hi<b>!</b></p>"],
    ["replace", (el: Element) => void el.replace("<div>new</div>", { html: true }), "<div>new</div>"],
    ["remove", (el: Element) => void el.remove(), ""],
    ["removeAndKeepContent", (el: Element) => void el.removeAndKeepContent(), "hi"],
    ["setInnerContent", (el: Element) => void el.setInnerContent("bye"), "<p>bye</p>"],
    ["tagName", (el: Element) => void (el.tagName = "section"), "<section>hi</section>"],
    ["onEndTag", (el: Element) => el.onEndTag((end) => void end.before("!")), "<p>hi!</p>"],
  ];
  it.each(operations)("element.%s", async (_op, handler, expected) => {
    const res = await testClient(rewriteHtml(html([page]), [["p", { element: handler }]])).get("/");
    expect(res.text()).toBe(page.replace("<p>hi</p>", expected));
  });

  it("runs async handlers and document handlers", async () => {
    const app = rewriteHtml(html([page]), [["p", { element: async (el) => void el.setInnerContent(await Promise.resolve("later")) }]], {
      document: { end: (end) => void end.append("<!-- end -->", { html: true }) },
    });
    const res = await testClient(app).get("/");
    expect(res.text()).toBe(page.replace("<p>hi</p>", "<p>later</p>") + "<!-- end -->");
  });

  it("serves concurrent requests whose async handlers interleave", async () => {
    const app = rewriteHtml(html(split(enc(page), 9)), [
      ["p", { element: async (el) => { await new Promise((r) => setTimeout(r, Math.random() * 5)); el.setInnerContent("x"); } }],
      ["a", { element: async (el) => { await new Promise((r) => setImmediate(r)); el.setAttribute("rel", "n"); } }],
    ]);
    const client = testClient(app);
    const results = await Promise.all(Array.from({ length: 8 }, () => client.get("/")));
    for (const res of results) expect(res.text()).toBe(page.replace("<p>hi</p>", "<p>x</p>").replace('<a href="http://x.test/">', '<a href="http://x.test/" rel="n">'));
  });

  it("transcodes a windows-1252 page to UTF-8 and relabels it", async () => {
    const bytes = Uint8Array.from([...enc("<p>caf"), 0xe9, ...enc("</p>")]);
    const app = rewriteHtml(appOf([bytes], { headers: [["Content-Type", "text/html; charset=windows-1252"]] }), [
      ["p", { element: (el) => void el.append("!") }],
    ]);
    const res = await testClient(app).get("/");
    expect(res.text()).toBe("<p>café!</p>");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("leaves non-HTML alone, and lets `types` widen the filter", async () => {
    const handlers = [["p", { element: (el: { remove(): void }) => void el.remove() }]] as const;
    const xml = () => appOf(["<p>x</p>"], { headers: [["Content-Type", "application/xml"]] });
    expect((await testClient(rewriteHtml(xml(), handlers)).get("/")).text()).toBe("<p>x</p>");
    expect((await testClient(rewriteHtml(xml(), handlers, { types: () => true })).get("/")).text()).toBe("");
  });

  it("sets Content-Length for an Array page and closes the wrapped body once", async () => {
    const counter = new CloseCounter();
    const app = rewriteHtml(appOf([page], { counter, headers: [["Content-Type", "text/html"], ["Content-Length", String(page.length)]] }), [
      ["p", { element: (el) => void el.remove() }],
    ]);
    const res = await testClient(app).get("/");
    expect(res.headers.get("content-length")).toBe(String(res.body.byteLength));
    expect(res.text()).not.toContain("<p>");
    expect(counter.count).toBe(1);
  });

  it("frees the rewriter when the client leaves mid-page (no crash, wrapped body closed once)", async () => {
    const counter = new CloseCounter();
    const chunks = Array.from({ length: 200 }, (_, i) => `<p>${i}</p>`);
    const app = rewriteHtml(appOf(chunks, { as: "stream", counter, headers: [["Content-Type", "text/html"]] }), [
      ["p", { element: (el) => void el.setAttribute("class", "x") }],
    ]);
    const res = await testClient(app).get("/", { stream: true });
    await res.chunks[Symbol.asyncIterator]().next();
    await res.cancel();
    expect(counter.count).toBe(1);
  });

  it("turns a handler error before the first byte into an error the server answers with 500", async () => {
    const counter = new CloseCounter();
    const inner = appOf([page], { as: "stream", counter, headers: [["Content-Type", "text/html"]] });
    const app = rewriteHtml(inner, [["p", { element: () => { throw new Error("handler failed"); } }]]);
    const res = await testClient(app, { catchErrors: true }).get("/");
    expect(res.status).toBe(500);
    expect(res.text()).not.toContain("handler failed");
    expect(String(res.error)).toContain("handler failed");
    expect(counter.count).toBe(1);
  });
});
