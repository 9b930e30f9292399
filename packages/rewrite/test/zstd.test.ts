import * as zlib from "node:zlib";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { hasZstd } from "../src/content-coding.js";
import { compress, rewriteText } from "../src/index.js";
import { appOf, dec } from "./helpers.js";

type WithZstd = { zstdCompressSync(b: Uint8Array): Buffer; zstdDecompressSync(b: Uint8Array): Buffer; createZstdDecompress(): zlib.Gunzip };
const z = zlib as unknown as WithZstd;
const text = "hello zstd ".repeat(500);
const plain = () => appOf([text], { headers: [["Content-Type", "text/plain"]] });

describe.runIf(!hasZstd)("zstd on a runtime without it (Node < 22.15)", () => {
  it("is not offered: Accept-Encoding: zstd gets an unencoded body", async () => {
    const res = await testClient(compress(plain())).get("/", { headers: { "Accept-Encoding": "zstd" } });
    expect(res.headers.get("content-encoding")).toBeUndefined();
    expect(res.text()).toBe(text);
  });

  it("a zstd upstream body is left alone by the text rewriters", async () => {
    const app = appOf(["opaque"], { headers: [["Content-Type", "text/plain"], ["Content-Encoding", "zstd"]] });
    const res = await testClient(rewriteText(app, { append: "!" })).get("/");
    expect(res.headers.get("content-encoding")).toBe("zstd");
    expect(res.text()).toBe("opaque");
  });
});

describe.runIf(hasZstd)("zstd where node:zlib has it", () => {
  it("compresses with zstd when asked", async () => {
    const res = await testClient(compress(plain())).get("/", { headers: { "Accept-Encoding": "zstd" } });
    expect(res.headers.get("content-encoding")).toBe("zstd");
    expect(dec(z.zstdDecompressSync(res.body))).toBe(text);
  });

  it("decodes a zstd upstream, rewrites it and re-encodes it (or drops the coding)", async () => {
    const app = () => appOf([z.zstdCompressSync(Buffer.from(text))], { as: "stream", headers: [["Content-Type", "text/plain"], ["Content-Encoding", "zstd"]] });
    const again = await testClient(rewriteText(app(), { append: "!" })).get("/");
    expect(again.headers.get("content-encoding")).toBe("zstd");
    expect(dec(z.zstdDecompressSync(again.body))).toBe(text + "!");
    const dropped = await testClient(rewriteText(app(), { append: "!" }, { recompress: false })).get("/");
    expect(dropped.headers.has("content-encoding")).toBe(false);
    expect(dropped.text()).toBe(text + "!");
  });

  it("flushes each upstream chunk without ending the frame", async () => {
    const app = appOf(["data: one\n\n", "data: two\n\n"], { as: "stream", headers: [["Content-Type", "text/event-stream"]] });
    const res = await testClient(compress(app)).get("/", { headers: { "Accept-Encoding": "zstd" }, stream: true });
    const first = await res.chunks[Symbol.asyncIterator]().next();
    const decoder = z.createZstdDecompress();
    const seen: string[] = [];
    decoder.on("data", (d: Buffer) => seen.push(d.toString()));
    await new Promise<void>((resolve) => decoder.write(first.value, () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.join("")).toBe("data: one\n\n");
    await res.cancel();
    decoder.destroy();
  });
});
