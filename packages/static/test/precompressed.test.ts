import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";

describe.each(MODES)("precompressed variants ($mode)", ({ cache }) => {
  const tree = { "app.js": "plain", "app.js.br": "BR", "app.js.zst": "ZSTD", "app.js.gz": "GZ", "only.css": "css" };
  const client = (extra: object = {}) => testClient(staticFiles(fallback, { root: makeTree(tree), cache, ...extra }));

  it.each([
    [undefined, "plain", undefined],
    ["gzip", "GZ", "gzip"],
    ["gzip, br", "BR", "br"],
    ["gzip, zstd", "ZSTD", "zstd"],
    ["br;q=0.5, gzip", "GZ", "gzip"],
    ["br;q=0.1, zstd;q=0.9, gzip;q=0.5", "ZSTD", "zstd"],
    ["*", "BR", "br"],
    ["gzip;q=0, *", "BR", "br"],
    ["br;q=0, zstd;q=0, gzip;q=0", "plain", undefined],
    ["identity", "plain", undefined],
    ["deflate", "plain", undefined],
  ])("Accept-Encoding %s → %s", async (accept, body, encoding) => {
    const r = await client().get("/app.js", { headers: accept === undefined ? {} : { "Accept-Encoding": accept } });
    expect(r.status).toBe(200);
    expect(r.text()).toBe(body);
    expect(r.headers.get("content-encoding")).toBe(encoding);
    expect(r.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(r.headers.get("vary")).toBe("Accept-Encoding");
    expect(r.headers.get("content-length")).toBe(String(body.length));
  });

  it("gives each coding its own ETag, so a 304 never crosses codings", async () => {
    const c = client();
    const br = await c.get("/app.js", { headers: { "Accept-Encoding": "br" } });
    const plain = await c.get("/app.js");
    expect(br.headers.get("etag")).not.toBe(plain.headers.get("etag"));
    const cross = await c.get("/app.js", { headers: { "If-None-Match": br.headers.get("etag")! } });
    expect(cross.status).toBe(200);
    const same = await c.get("/app.js", { headers: { "Accept-Encoding": "br", "If-None-Match": br.headers.get("etag")! } });
    expect(same.status).toBe(304);
    expect(same.headers.get("vary")).toBe("Accept-Encoding");
  });

  it("sends no Vary for a file without variants", async () => {
    const r = await client().get("/only.css", { headers: { "Accept-Encoding": "br" } });
    expect(r.headers.has("vary")).toBe(false);
    expect(r.headers.has("content-encoding")).toBe(false);
  });

  it("precompressed: false ignores siblings; a list limits the codings", async () => {
    const off = await client({ precompressed: false }).get("/app.js", { headers: { "Accept-Encoding": "br" } });
    expect(off.text()).toBe("plain");
    expect(off.headers.has("vary")).toBe(false);
    const gz = await client({ precompressed: ["gzip"] }).get("/app.js", { headers: { "Accept-Encoding": "br, gzip" } });
    expect(gz.text()).toBe("GZ");
  });

  it("a single range applies to the chosen coding's bytes", async () => {
    const r = await client().get("/app.js", { headers: { "Accept-Encoding": "zstd", Range: "bytes=0-1" } });
    expect(r.status).toBe(206);
    expect(r.text()).toBe("ZS");
    expect(r.headers.get("content-range")).toBe("bytes 0-1/4");
  });
});
