import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";

describe.each(MODES)("serving files ($mode)", ({ cache }) => {
  const tree = {
    "index.html": "<h1>home</h1>",
    "app.js": "console.log(1)",
    "style.css": "body{}",
    "data.json": "{}",
    "img.png": new Uint8Array([137, 80, 78, 71]),
    "blob.unknownext": "??",
    "docs/index.html": "<h1>docs</h1>",
    "empty/.keep": "",
    "about.html": "<h1>about</h1>",
    "caf\u00e9.txt": "utf8 name",
    "zero.txt": "",
  };

  it.each([
    ["/app.js", "text/javascript; charset=utf-8", "console.log(1)"],
    ["/style.css", "text/css; charset=utf-8", "body{}"],
    ["/data.json", "application/json; charset=utf-8", "{}"],
    ["/index.html", "text/html; charset=utf-8", "<h1>home</h1>"],
    ["/blob.unknownext", "application/octet-stream", "??"],
  ])("serves %s with its MIME type and nosniff", async (p, type, text) => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache }));
    const r = await client.get(p);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe(type);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(r.headers.get("accept-ranges")).toBe("bytes");
    expect(r.text()).toBe(text);
    expect(r.closed).toBe(true);
  });

  it("serves binary files byte for byte", async () => {
    const r = await testClient(staticFiles(fallback, { root: makeTree(tree), cache })).get("/img.png");
    expect(r.headers.get("content-type")).toBe("image/png");
    expect([...r.body]).toEqual([137, 80, 78, 71]);
  });

  it("serves a file with a UTF-8 name from its percent-encoded URL", async () => {
    const r = await testClient(staticFiles(fallback, { root: makeTree(tree), cache })).get("/caf%C3%A9.txt");
    expect(r.text()).toBe("utf8 name");
  });

  it("serves an empty file with Content-Length 0", async () => {
    const r = await testClient(staticFiles(fallback, { root: makeTree(tree), cache })).get("/zero.txt");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-length")).toBe("0");
  });

  it("serves the index file of a directory", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache }));
    expect((await client.get("/")).text()).toBe("<h1>home</h1>");
    expect((await client.get("/docs/")).text()).toBe("<h1>docs</h1>");
  });

  it("redirects a directory without its trailing slash, keeping the query", async () => {
    const r = await testClient(staticFiles(fallback, { root: makeTree(tree), cache })).get("/docs?x=1&y");
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe("/docs/?x=1&y");
  });

  it("redirects relative to SCRIPT_NAME when mounted", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache }), { scriptName: "/site" });
    expect((await client.get("/site/docs")).headers.get("location")).toBe("/site/docs/");
    expect((await client.get("/site")).headers.get("location")).toBe("/site/");
    expect((await client.get("/site/docs/")).text()).toBe("<h1>docs</h1>");
  });

  it("falls through for a directory without an index file", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache }));
    expect((await client.get("/empty")).text()).toBe("app saw /empty");
    expect((await client.get("/empty/")).text()).toBe("app saw /empty/");
  });

  it("uses the index option, or none with index: false", async () => {
    const root = makeTree({ "d/home.htm": "home", "d/index.html": "index" });
    expect((await testClient(staticFiles(fallback, { root, cache, index: ["home.htm"] })).get("/d/")).text()).toBe("home");
    expect((await testClient(staticFiles(fallback, { root, cache, index: false })).get("/d/")).status).toBe(404);
  });

  it("falls through to the app on a miss, or answers 404 with fallthrough: false", async () => {
    const root = makeTree(tree);
    expect((await testClient(staticFiles(fallback, { root, cache })).get("/nope")).text()).toBe("app saw /nope");
    const strict = await testClient(staticFiles(fallback, { root, cache, fallthrough: false })).get("/nope");
    expect(strict.status).toBe(404);
    expect(strict.text()).toBe("Not Found\n");
  });

  it("tries extensions for a path without one", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache, extensions: ["html"] }));
    expect((await client.get("/about")).text()).toBe("<h1>about</h1>");
    expect((await client.get("/about.html")).text()).toBe("<h1>about</h1>");
  });

  it("serves files under a prefix and leaves other paths to the app", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache, prefix: "/assets" }));
    expect((await client.get("/assets/app.js")).text()).toBe("console.log(1)");
    expect((await client.get("/app.js")).text()).toBe("app saw /app.js");
    expect((await client.get("/assetsx/app.js")).text()).toBe("app saw /assetsx/app.js");
    expect((await client.get("/assets")).headers.get("location")).toBe("/assets/");
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache }));
    const head = await client.head("/app.js");
    const get = await client.get("/app.js");
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers.toJSON()).toEqual(get.headers.toJSON());
  });

  it("lets the headers option replace a default header, on 200 and 304 alike", async () => {
    const client = testClient(
      staticFiles(fallback, { root: makeTree(tree), cache, headers: { "Cache-Control": "no-cache", Link: "</x>; rel=preload" } }),
    );
    const r = await client.get("/app.js");
    expect(r.headers.getAll("cache-control")).toEqual(["no-cache"]);
    expect(r.headers.get("link")).toBe("</x>; rel=preload");
    const again = await client.get("/app.js", { headers: { "If-None-Match": r.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect(again.headers.getAll("cache-control")).toEqual(["no-cache"]);
    expect(again.headers.has("link")).toBe(false);
  });

  it("adds the headers option, and maxAge/immutable to Cache-Control", async () => {
    const root = makeTree(tree);
    const r = await testClient(
      staticFiles(fallback, { root, cache, maxAge: 3600, immutable: true, headers: (p) => ({ "X-Path": p }) }),
    ).get("/app.js");
    expect(r.headers.get("cache-control")).toBe("public, max-age=3600, immutable");
    expect(r.headers.get("x-path")).toBe("/app.js");
    const plain = await testClient(staticFiles(fallback, { root, cache, headers: [["X-A", "1"]] })).get("/app.js");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=0");
    expect(plain.headers.get("x-a")).toBe("1");
  });
});
