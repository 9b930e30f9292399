import * as fs from "node:fs";
import * as net from "node:net";
import { makeServer } from "@tsgi/server";
import type { Body, Environ } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree } from "./helpers/fixture.js";

const HAS_PROC = fs.existsSync("/proc/self/fd");
const openFds = (): number => fs.readdirSync("/proc/self/fd").length;
const BIG = Buffer.alloc(4 * 1024 * 1024, "z");

async function settle(baseline: number): Promise<number> {
  for (let i = 0; i < 100 && openFds() > baseline; i++) await new Promise((r) => setTimeout(r, 50));
  return openFds();
}

/** Requests the file, waits for the first body bytes, then drops the connection. */
function abortedDownload(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => resolve());
    socket.once("data", () => {
      socket.destroy();
      resolve();
    });
    socket.on("close", () => resolve());
    socket.write("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  });
}

describe.skipIf(!HAS_PROC)("file descriptors", () => {
  it("leaks no descriptor after 10,000 aborted downloads over a real socket", async () => {
    const server = makeServer("127.0.0.1", 0, staticFiles(fallback, { root: makeTree({ "big.bin": BIG }) }));
    await server.listen();
    try {
      await abortedDownload(server.port); // warm up lazily opened handles
      const baseline = await settle(0);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next++ < 10_000) await abortedDownload(server.port);
      };
      await Promise.all(Array.from({ length: 32 }, worker));
      expect(await settle(baseline)).toBeLessThanOrEqual(baseline);
    } finally {
      await server.close({ timeout: 1000 });
    }
  }, 180_000);

  it("closes the descriptor when the body ends, is cancelled, or is never iterated", async () => {
    const app = staticFiles(fallback, { root: makeTree({ "big.bin": BIG }) });
    const client = testClient(app);
    const baseline = openFds();
    for (let i = 0; i < 50; i++) {
      expect((await client.get("/big.bin")).body.byteLength).toBe(BIG.length);
      const streaming = await client.stream("GET", "/big.bin");
      await streaming.cancel();
      const head = await client.head("/big.bin");
      expect(head.closed).toBe(true);
    }
    const environ = (await client.environFor("GET", "/big.bin")) as Environ;
    const bodies: Body[] = [];
    for (let i = 0; i < 50; i++) bodies.push(await app({ ...environ }, () => {}));
    expect(openFds()).toBeGreaterThan(baseline);
    await Promise.all(bodies.map((b) => b.close?.()));
    expect(await settle(baseline)).toBeLessThanOrEqual(baseline);
  }, 60_000);

  it("reads the file in chunks of at least 64 KiB", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree({ "big.bin": BIG }) }));
    const streaming = await client.stream("GET", "/big.bin");
    const sizes: number[] = [];
    for await (const chunk of streaming.chunks) sizes.push(chunk.byteLength);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(BIG.length);
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThanOrEqual(64 * 1024);
  });

  it("sends a file of up to 1 MiB as one chunk read in one go, and a larger one in several", async () => {
    const MiB = 1024 * 1024;
    const files = { "1m.bin": Buffer.alloc(MiB, "m"), "over.bin": Buffer.alloc(MiB + 1, "o") };
    const client = testClient(staticFiles(fallback, { root: makeTree(files) }));
    const chunkSizes = async (url: string): Promise<number[]> => {
      const sizes: number[] = [];
      for await (const chunk of (await client.stream("GET", url)).chunks) sizes.push(chunk.byteLength);
      return sizes;
    };
    expect(await chunkSizes("/1m.bin")).toEqual([MiB]);
    const over = await chunkSizes("/over.bin");
    expect(over.length).toBeGreaterThan(1);
    expect(over.reduce((a, b) => a + b, 0)).toBe(MiB + 1);
  });

  it("fails the body (so the server aborts) when the file shrinks while it is sent", async () => {
    const root = makeTree({ "big.bin": BIG });
    const client = testClient(staticFiles(fallback, { root }));
    const streaming = await client.stream("GET", "/big.bin");
    fs.truncateSync(`${root}/big.bin`, 1000);
    await expect(streaming.bytes()).rejects.toThrow();
    expect(streaming.closed).toBe(true);
  });
});
