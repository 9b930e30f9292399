import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";

const TEXT = "0123456789abcdefghij"; // 20 bytes
const BIG = Buffer.alloc(300_000, "x"); // above the in-memory limit: served from disk
BIG.write("START", 0);
BIG.write("END", BIG.length - 3);

describe.each(MODES)("ranges ($mode)", ({ cache }) => {
  const client = () => testClient(staticFiles(fallback, { root: makeTree({ "t.txt": TEXT, "big.bin": BIG }), cache }));

  it.each([
    ["bytes=0-0", "0", "bytes 0-0/20"],
    ["bytes=-3", "hij", "bytes 17-19/20"],
    ["bytes=15-", "fghij", "bytes 15-19/20"],
    ["bytes=5-9", "56789", "bytes 5-9/20"],
    ["bytes=18-100", "ij", "bytes 18-19/20"],
    ["bytes=-100", TEXT, "bytes 0-19/20"],
  ])("%s → 206 %s", async (range, body, contentRange) => {
    const r = await client().get("/t.txt", { headers: { Range: range } });
    expect(r.status).toBe(206);
    expect(r.text()).toBe(body);
    expect(r.headers.get("content-range")).toBe(contentRange);
    expect(r.headers.get("content-length")).toBe(String(body.length));
    expect(r.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("serves a range of a large file from disk", async () => {
    const r = await client().get("/big.bin", { headers: { Range: "bytes=-3" } });
    expect(r.text()).toBe("END");
    const s = await client().get("/big.bin", { headers: { Range: "bytes=0-4" } });
    expect(s.text()).toBe("START");
  });

  it.each(["bytes=20-", "bytes=100-200", "bytes=-0"])("%s → 416 with Content-Range bytes */20", async (range) => {
    const r = await client().get("/t.txt", { headers: { Range: range } });
    expect(r.status).toBe(416);
    expect(r.headers.get("content-range")).toBe("bytes */20");
    expect(r.closed).toBe(true);
  });

  it.each(["bytes=abc", "items=0-1", "bytes=5-2", "0-1"])("an unusable Range %s is ignored (200)", async (range) => {
    const r = await client().get("/t.txt", { headers: { Range: range } });
    expect(r.status).toBe(200);
    expect(r.text()).toBe(TEXT);
  });

  it("answers several ranges with multipart/byteranges", async () => {
    const r = await client().get("/t.txt", { headers: { Range: "bytes=0-1,-2" } });
    expect(r.status).toBe(206);
    const type = r.headers.get("content-type")!;
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(type)![1];
    expect(r.headers.get("content-length")).toBe(String(r.body.byteLength));
    const text = r.text();
    expect(text).toBe(
      [
        `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/20\r\n\r\n01`,
        `\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 18-19/20\r\n\r\nij`,
        `\r\n--${boundary}--\r\n`,
      ].join(""),
    );
  });

  it("multipart works for a file streamed from disk", async () => {
    const r = await client().get("/big.bin", { headers: { Range: "bytes=0-4,-3" } });
    expect(r.status).toBe(206);
    expect(r.text()).toContain("START");
    expect(r.text()).toContain("\r\n\r\nEND\r\n");
  });

  it.each([
    ["overlapping ranges", "bytes=0-5,3-8"],
    ["more than 50 ranges", `bytes=${Array.from({ length: 51 }, (_, i) => `${i * 100}-${i * 100 + 89}`).join(",")}`],
    ["descending ranges", "bytes=600-799,300-499,0-199"],
    ["many small ranges", "bytes=0-1,10-11,20-21,30-31"],
  ])("%s get the whole file (200)", async (_name, range) => {
    const root = makeTree({ "t.txt": TEXT.repeat(500) });
    const r = await testClient(staticFiles(fallback, { root, cache })).get("/t.txt", { headers: { Range: range } });
    expect(r.status).toBe(200);
    expect(r.body.byteLength).toBe(10_000);
  });

  it("allows up to 50 disjoint ranges that are not small", async () => {
    const root = makeTree({ "t.txt": TEXT.repeat(500) });
    const range = `bytes=${Array.from({ length: 50 }, (_, i) => `${i * 200}-${i * 200 + 99}`).join(",")}`;
    const r = await testClient(staticFiles(fallback, { root, cache })).get("/t.txt", { headers: { Range: range } });
    expect(r.status).toBe(206);
  });

  it("honours If-Range with the current ETag or date, and sends the whole file otherwise", async () => {
    const c = client();
    const first = await c.get("/t.txt");
    const strong = testClient(staticFiles(fallback, { root: makeTree({ "t.txt": TEXT }), cache, etag: "strong" }));
    const strongTag = (await strong.get("/t.txt")).headers.get("etag")!;
    const lm = first.headers.get("last-modified")!;
    expect((await strong.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": strongTag } })).status).toBe(206);
    expect((await strong.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": `"stale"` } })).status).toBe(200);
    // The exact weak ETag validates If-Range (Chromium sends it when resuming media); another one does not.
    const weak = first.headers.get("etag")!;
    expect((await c.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": weak } })).status).toBe(206);
    expect((await c.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": 'W/"1-1"' } })).status).toBe(200);
    expect((await c.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": weak.slice(2) } })).status).toBe(200);
    expect((await c.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": lm } })).status).toBe(206);
    expect(
      (await c.get("/t.txt", { headers: { Range: "bytes=0-0", "If-Range": "Thu, 01 Jan 2026 00:00:00 GMT" } })).status,
    ).toBe(200);
  });

  it("answers HEAD with a Range as 206 without a body", async () => {
    const r = await client().head("/t.txt", { headers: { Range: "bytes=0-4" } });
    expect(r.status).toBe(206);
    expect(r.headers.get("content-length")).toBe("5");
    expect(r.body.byteLength).toBe(0);
  });
});
