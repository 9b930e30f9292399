import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";

const LAST_MODIFIED = "Fri, 02 Jan 2026 03:04:05 GMT";
const BEFORE = "Thu, 01 Jan 2026 00:00:00 GMT";
const AFTER = "Sat, 03 Jan 2026 00:00:00 GMT";

describe.each(MODES)("conditional requests ($mode)", ({ cache }) => {
  const setup = async (extra: object = {}) => {
    const root = makeTree({ "a.txt": "hello", "a.txt.br": "BR", "b.txt": "plain" });
    const client = testClient(staticFiles(fallback, { root, cache, maxAge: 60, ...extra }));
    const first = await client.get("/a.txt");
    return { client, etag: first.headers.get("etag")! };
  };

  it("sends a weak ETag from size and mtime, and Last-Modified", async () => {
    const { client, etag } = await setup();
    expect(etag).toMatch(/^W\/"5-[0-9a-f]+"$/);
    expect((await client.get("/a.txt")).headers.get("last-modified")).toBe(LAST_MODIFIED);
  });

  it("serves 304 when If-None-Match matches, keeping ETag, Cache-Control and Vary without a body length", async () => {
    const { client, etag } = await setup();
    const r = await client.get("/a.txt", { headers: { "If-None-Match": etag } });
    expect(r.status).toBe(304);
    expect(r.headers.get("etag")).toBe(etag);
    expect(r.headers.get("cache-control")).toBe("public, max-age=60");
    expect(r.headers.get("vary")).toBe("Accept-Encoding");
    expect(r.headers.has("content-length")).toBe(false);
    expect(r.headers.has("content-type")).toBe(false);
    expect(r.body.byteLength).toBe(0);
    expect(r.closed).toBe(true);
  });

  it.each([
    ["a list containing the tag", (t: string) => `"x", ${t}, "y"`, 304],
    ["the tag without W/ (weak comparison)", (t: string) => t.slice(2), 304],
    ["*", () => "*", 304],
    ["another tag", () => `"other"`, 200],
    ["a malformed list", () => `garbage`, 200],
  ])("If-None-Match with %s answers %i", async (_name, value, status) => {
    const { client, etag } = await setup();
    expect((await client.get("/a.txt", { headers: { "If-None-Match": value(etag) } })).status).toBe(status);
  });

  it.each([
    [LAST_MODIFIED, 304],
    [AFTER, 304],
    [BEFORE, 200],
    ["not a date", 200],
  ])("If-Modified-Since %s answers %i", async (date, status) => {
    const { client } = await setup();
    expect((await client.get("/a.txt", { headers: { "If-Modified-Since": date } })).status).toBe(status);
  });

  it("ignores If-Modified-Since when If-None-Match is present", async () => {
    const { client } = await setup();
    const r = await client.get("/a.txt", { headers: { "If-None-Match": `"other"`, "If-Modified-Since": AFTER } });
    expect(r.status).toBe(200);
  });

  it.each([
    ["a non-matching If-Match", { "If-Match": `"nope"` }, 412],
    ["If-Match with the weak tag (strong comparison)", "weak", 412],
    ["If-Match: *", { "If-Match": "*" }, 200],
    ["If-Unmodified-Since before the file changed", { "If-Unmodified-Since": BEFORE }, 412],
    ["If-Unmodified-Since after", { "If-Unmodified-Since": AFTER }, 200],
  ] as const)("%s answers %i", async (_name, headers, status) => {
    const { client, etag } = await setup();
    const h = headers === "weak" ? { "If-Match": etag } : headers;
    const r = await client.get("/a.txt", { headers: h });
    expect(r.status).toBe(status);
    expect(r.closed).toBe(true);
  });

  it("checks If-Match before If-None-Match (412 wins)", async () => {
    const { client, etag } = await setup();
    const r = await client.get("/a.txt", { headers: { "If-Match": `"nope"`, "If-None-Match": etag } });
    expect(r.status).toBe(412);
  });

  it("If-Match with a strong ETag succeeds in strong mode", async () => {
    const { client, etag } = await setup({ etag: "strong" });
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect((await client.get("/a.txt", { headers: { "If-Match": etag } })).status).toBe(200);
  });

  it("strong ETags are content hashes that survive a new mtime, one per encoded variant", async () => {
    const a = makeTree({ "a.txt": "same", "a.txt.br": "BR" }, new Date("2026-01-01"));
    const b = makeTree({ "a.txt": "same", "a.txt.br": "BR" }, new Date("2026-06-01"));
    const tag = async (root: string, enc?: string) =>
      (await testClient(staticFiles(fallback, { root, cache, etag: "strong" })).get("/a.txt", {
        headers: enc ? { "Accept-Encoding": enc } : {},
      })).headers.get("etag");
    expect(await tag(a)).toBe(await tag(b));
    expect(await tag(a, "br")).not.toBe(await tag(a));
  });

  it("etag: false and lastModified: false send neither validator", async () => {
    const { client } = await setup({ etag: false, lastModified: false });
    const r = await client.get("/b.txt");
    expect(r.headers.has("etag")).toBe(false);
    expect(r.headers.has("last-modified")).toBe(false);
    expect((await client.get("/b.txt", { headers: { "If-Modified-Since": AFTER } })).status).toBe(200);
  });
});

describe("strong ETags of large files", () => {
  it("hash a file too big for memory in pieces, the same in index and disk mode", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, "q");
    const root = makeTree({ "big.bin": big });
    const { createHash } = await import("node:crypto");
    const expected = `"${createHash("sha256").update(big).digest("base64url").slice(0, 27)}"`;
    for (const cache of [undefined, false as const]) {
      const r = await testClient(staticFiles(fallback, { root, cache, etag: "strong" })).head("/big.bin");
      expect(r.headers.get("etag")).toBe(expected);
    }
  });
});
