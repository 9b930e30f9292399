import * as zlib from "node:zlib";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { hasZstd } from "../src/content-coding.js";
import { compress } from "../src/index.js";
import { appOf, CloseCounter, dec, enc } from "./helpers.js";

const big = JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: `item ${i}` })));
const json = (extra: Array<[string, string]> = []) => appOf([big], { headers: [["Content-Type", "application/json"], ...extra] });

describe("compress", () => {
  it.each([
    ["gzip", "gzip"],
    ["br", "br"],
    ["gzip, deflate, br", "br"],
    ["gzip;q=1, br;q=0.5", "gzip"],
    ["br;q=0, *", hasZstd ? "zstd" : "gzip"],
    ["*", "br"],
    ["deflate", undefined],
    ["identity", undefined],
    ["gzip;q=0", undefined],
  ])("Accept-Encoding %j gives %s", async (accept, expected) => {
    const res = await testClient(compress(json())).get("/", { headers: { "Accept-Encoding": accept } });
    expect(res.headers.get("content-encoding")).toBe(expected);
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    const unzstd = (zlib as unknown as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync;
    const plain =
      expected === "gzip" ? gunzipSync(res.body)
      : expected === "br" ? brotliDecompressSync(res.body)
      : expected === "zstd" ? unzstd!(res.body)
      : res.body;
    expect(dec(plain)).toBe(big);
  });

  it("sends an exact Content-Length for an Array body and weakens a strong ETag, dropping digests and Accept-Ranges", async () => {
    const app = json([["ETag", '"v1"'], ["Content-Length", String(big.length)], ["Accept-Ranges", "bytes"], ["Repr-Digest", "sha-256=:x:"], ["Content-Digest", "sha-256=:y:"], ["Digest", "SHA-256=z"], ["Content-MD5", "x"]]);
    const res = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("content-length")).toBe(String(res.body.byteLength));
    expect(res.body.byteLength).toBeLessThan(big.length / 3);
    expect(res.headers.get("etag")).toBe('W/"v1"');
    for (const gone of ["accept-ranges", "repr-digest", "content-digest", "digest", "content-md5"]) expect(res.headers.has(gone)).toBe(false);
  });

  it("drops Content-Length on a streamed body and keeps a weak ETag as it is", async () => {
    const app = appOf([big.slice(0, 5000), big.slice(5000)], {
      as: "stream",
      headers: [["Content-Type", "application/json"], ["Content-Length", String(big.length)], ["ETag", 'W/"w"']],
    });
    const res = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.has("content-length")).toBe(false);
    expect(res.headers.get("etag")).toBe('W/"w"');
    expect(dec(gunzipSync(res.body))).toBe(big);
  });

  it("adds Vary to a compressible response it did not compress (no Accept-Encoding, below threshold) and merges an existing Vary", async () => {
    const none = await testClient(compress(json([["Vary", "Origin"]]))).get("/");
    expect(none.headers.get("content-encoding")).toBeUndefined();
    expect(none.headers.get("vary")).toBe("Origin, Accept-Encoding");
    const small = await testClient(compress(appOf(["{}"], { headers: [["Content-Type", "application/json"]] }))).get("/", {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(small.headers.get("content-encoding")).toBeUndefined();
    expect(small.headers.get("vary")).toBe("Accept-Encoding");
  });

  it("honours threshold from Content-Length", async () => {
    const app = json([["Content-Length", String(big.length)]]);
    const res = await testClient(compress(app, { threshold: big.length + 1 })).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBeUndefined();
    expect(res.text()).toBe(big);
  });

  it("never compresses an already encoded body, and adds no Vary to it", async () => {
    const app = appOf([big], { headers: [["Content-Type", "application/json"], ["Content-Encoding", "gzip"]] });
    const res = await testClient(compress(app, {}), { validate: true }).get("/", { headers: { "Accept-Encoding": "br" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.has("vary")).toBe(false);
    expect(res.text()).toBe(big);
  });

  it.each([["image/png"], ["application/zip"], ["application/x-unknown"]])("leaves %s uncompressed, without Vary", async (type) => {
    const res = await testClient(compress(appOf([big], { headers: [["Content-Type", type]] }))).get("/", {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(res.headers.get("content-encoding")).toBeUndefined();
    expect(res.headers.has("vary")).toBe(false);
  });

  it("takes a types filter and a when predicate", async () => {
    const res = await testClient(compress(appOf([big], { headers: [["Content-Type", "image/png"]] }), { types: () => true })).get("/", {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const notFound = await testClient(compress(json(), { when: (status) => status === 200 })).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(notFound.headers.get("content-encoding")).toBe("gzip");
    const skipped = await testClient(compress(json(), { when: (_s, _h, environ) => environ.PATH_INFO !== "/raw" })).get("/raw", {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(skipped.headers.get("content-encoding")).toBeUndefined();
  });

  it("prefers the server's order among equal q-values (encodings option)", async () => {
    const res = await testClient(compress(json(), { encodings: ["gzip", "br"] })).get("/", { headers: { "Accept-Encoding": "br, gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
  });

  it("closes the wrapped body once when compressing a stream and when the client leaves mid-way", async () => {
    const counter = new CloseCounter();
    const app = appOf(Array.from({ length: 50 }, () => big), { as: "stream", counter, headers: [["Content-Type", "application/json"]] });
    const full = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "br" } });
    expect(dec(brotliDecompressSync(full.body))).toBe(big.repeat(50));
    expect(counter.count).toBe(1);
    const res = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "gzip" }, stream: true });
    await res.chunks[Symbol.asyncIterator]().next();
    await res.cancel();
    expect(counter.count).toBe(2);
  });

  it("streams: each upstream chunk is flushed so it can be decoded at once", async () => {
    const app = appOf(["data: one\n\n", "data: two\n\n"], { as: "stream", headers: [["Content-Type", "text/event-stream"]] });
    const res = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "gzip" }, stream: true });
    const it = res.chunks[Symbol.asyncIterator]();
    const first = await it.next();
    // A sync-flushed gzip prefix decodes to the first event without the rest.
    const { createGunzip } = await import("node:zlib");
    const gunzip = createGunzip();
    const seen: string[] = [];
    gunzip.on("data", (d: Buffer) => seen.push(d.toString()));
    await new Promise<void>((resolve) => gunzip.write(first.value, () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.join("")).toBe("data: one\n\n");
    await res.cancel();
    gunzip.destroy();
  });

  it("answers HEAD with the headers of the compressed GET, without compressing anything", async () => {
    const res = await testClient(compress(json([["Content-Length", String(big.length)]]))).head("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.has("content-length")).toBe(false);
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
  });

  it("compresses an empty-ish text body of unknown length without breaking it", async () => {
    const app = appOf([enc("")], { as: "stream", headers: [["Content-Type", "text/plain"]] });
    const res = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(dec(gunzipSync(res.body))).toBe("");
  });
});

describe("compress options", () => {
  it.each([
    [{ threshold: -1 }, /options.threshold/],
    [{ gzipLevel: 10 }, /options.gzipLevel/],
    [{ brotliQuality: Number.NaN }, /options.brotliQuality/],
    [{ encodings: ["deflate"] }, /options.encodings/],
    [{ types: "text/html" }, /options.types must be a function/],
  ])("refuses %j when built", (options, message) => {
    expect(() => compress(appOf(["x"]), options as never)).toThrow(message);
  });
});
