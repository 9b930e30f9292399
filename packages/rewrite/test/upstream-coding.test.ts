import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync } from "node:zlib";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { compress, rewriteHtml, rewriteText } from "../src/index.js";
import { appOf, dec, split } from "./helpers.js";

const page = "<html><body><p>hello</p></body></html>";
const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync };
const decoders: Record<string, (b: Buffer) => Buffer> = { gzip: gunzipSync, br: brotliDecompressSync };

describe("encoded upstream bodies", () => {
  it.each([
    ["gzip", "array"],
    ["gzip", "stream"],
    ["br", "array"],
    ["br", "stream"],
    ["x-gzip", "stream"],
  ] as const)("a %s body (%s) is decoded, rewritten and re-encoded with the same coding", async (coding, as) => {
    const name = coding === "x-gzip" ? "gzip" : coding;
    const encoded = encoders[name]!(Buffer.from(page));
    const inner = appOf(as === "array" ? [encoded] : split(encoded, 7), {
      as,
      headers: [["Content-Type", "text/html"], ["Content-Encoding", coding], ["Content-Length", String(encoded.length)]],
    });
    const res = await testClient(rewriteHtml(inner, [["body", { element: (el) => void el.append("<i>!</i>", { html: true }) }]])).get("/");
    expect(res.headers.get("content-encoding")).toBe(coding);
    if (as === "array") expect(res.headers.get("content-length")).toBe(String(res.body.byteLength));
    else expect(res.headers.has("content-length")).toBe(false);
    expect(dec(decoders[name]!(Buffer.from(res.body)))).toBe(page.replace("</body>", "<i>!</i></body>"));
  });

  it("a deflate body is decoded and, with recompress: false, sent without Content-Encoding", async () => {
    const encoded = deflateSync(Buffer.from("plain text"));
    const inner = appOf([encoded], { headers: [["Content-Type", "text/plain"], ["Content-Encoding", "deflate"]] });
    const res = await testClient(rewriteText(inner, { append: "!" }, { recompress: false })).get("/");
    expect(res.headers.has("content-encoding")).toBe(false);
    expect(res.text()).toBe("plain text!");
  });

  it("composes: a gzip upstream decoded by rewriteText (recompress: false) is compressed again by compress outside, as the client asked", async () => {
    const encoded = gzipSync(Buffer.from("x".repeat(4000)));
    const inner = appOf([encoded], { as: "stream", headers: [["Content-Type", "text/plain"], ["Content-Encoding", "gzip"], ["ETag", '"z"']] });
    const app = compress(rewriteText(inner, { append: "!" }, { recompress: false }));
    const res = await testClient(app).get("/", { headers: { "Accept-Encoding": "br" } });
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("etag")).toBe('W/"z"');
    expect(dec(brotliDecompressSync(Buffer.from(res.body)))).toBe("x".repeat(4000) + "!");
  });

  it.each([["compress"], ["gzip, br"], ["zstd-unknown"]])("a body in %j (unknown or stacked codings) is left alone, never mislabelled", async (coding) => {
    const inner = appOf(["opaque"], { headers: [["Content-Type", "text/plain"], ["Content-Encoding", coding]] });
    const res = await testClient(rewriteText(inner, { append: "!" })).get("/");
    expect(res.headers.get("content-encoding")).toBe(coding);
    expect(res.text()).toBe("opaque");
  });

  it("a corrupt gzip body fails before any byte goes out", async () => {
    const inner = appOf(["not gzip at all"], { as: "stream", headers: [["Content-Type", "text/plain"], ["Content-Encoding", "gzip"]] });
    const res = await testClient(rewriteText(inner, { append: "!" }), { catchErrors: true }).get("/");
    expect(res.status).toBe(500);
  });
});
