import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, writeTree } from "./helpers/fixture.js";

// Above the in-memory limit (64 KiB) and within the whole-read limit (1 MiB): read from disk in one chunk.
const SIZE = 300_000;
const fill = (byte: string): Buffer => Buffer.alloc(SIZE, byte);

describe("files up to 1 MiB read from disk", () => {
  it("give many downloads at once the complete bytes", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree({ "f.bin": fill("a") }) }));
    const bodies = await Promise.all(Array.from({ length: 20 }, async () => (await client.stream("GET", "/f.bin")).bytes()));
    for (const body of bodies) expect(Buffer.from(body).equals(fill("a"))).toBe(true);
  });

  it("are read again once the file was rewritten, also with the same size, while an earlier chunk is still held", async () => {
    const root = makeTree({ "f.bin": fill("a") });
    const client = testClient(staticFiles(fallback, { root, cache: false }));
    const held = await (await client.stream("GET", "/f.bin")).bytes();
    writeTree(root, { "f.bin": fill("b") }, new Date("2026-01-03T00:00:00Z"));
    const again = await (await client.stream("GET", "/f.bin")).bytes();
    expect(Buffer.from(again).equals(fill("b"))).toBe(true);
    expect(held[0]).toBe("a".charCodeAt(0));
  });

  it("are read again when a consumer transferred the ArrayBuffer of an earlier chunk", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree({ "f.bin": fill("c") }) }));
    const chunks: Uint8Array[] = [];
    for await (const chunk of (await client.stream("GET", "/f.bin")).chunks) chunks.push(chunk);
    // Detaches the chunk's memory: what still points at it sees zero bytes.
    structuredClone(chunks[0]!.buffer, { transfer: [chunks[0]!.buffer as ArrayBuffer] });
    const again = await (await client.stream("GET", "/f.bin")).bytes();
    expect(Buffer.from(again).equals(fill("c"))).toBe(true);
  });

  it("serve a range of the file while a whole download of it is held", async () => {
    const root = makeTree({ "f.bin": Buffer.concat([fill("d").subarray(0, SIZE - 3), Buffer.from("xyz")]) });
    const client = testClient(staticFiles(fallback, { root }));
    const whole = await (await client.stream("GET", "/f.bin")).bytes();
    const tail = await client.get("/f.bin", { headers: { Range: "bytes=-3" } });
    expect([tail.status, tail.text()]).toEqual([206, "xyz"]);
    expect(whole.byteLength).toBe(SIZE);
  });
});
