import { once } from "node:events";
import { createGzip, gzipSync } from "node:zlib";
import type { App, Chunk } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { rewriteText } from "../src/index.js";
import { appOf, CloseCounter, dec } from "./helpers.js";

/** `pieces` gzipped as one stream, flushed after each piece (as a compressing server streams), then the trailer. */
async function gzipFlushed(pieces: string[]): Promise<Buffer[]> {
  const gzip = createGzip();
  let current: Buffer[] = [];
  gzip.on("data", (part: Buffer) => current.push(part));
  const out: Buffer[] = [];
  for (const piece of pieces) {
    gzip.write(piece);
    await new Promise<void>((resolve) => gzip.flush(() => resolve()));
    out.push(Buffer.concat(current));
    current = [];
  }
  gzip.end();
  await once(gzip, "end");
  out.push(Buffer.concat(current));
  return out;
}

const gzipText = [["Content-Type", "text/event-stream"], ["Content-Encoding", "gzip"]] as [string, string][];

describe("a gzip upstream decoded while it streams", () => {
  it("gives each event as it arrives: the upstream sends event i+1 only once event i came out", async () => {
    const events = ["data: one\n\n", "data: two\n\n", "data: three\n\n"];
    const chunks = await gzipFlushed(events);
    const gates = events.map(() => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    const counter = new CloseCounter();
    const upstream: App = (_environ, startResponse) =>
      counter.track(
        (async function* () {
          startResponse("200 OK", gzipText);
          for (let i = 0; i < events.length; i++) {
            yield chunks[i]!;
            await gates[i]!.promise;
          }
          yield chunks[events.length]!;
        })(),
      );
    const res = await testClient(rewriteText(upstream, { append: "end" }, { recompress: false })).get("/", { stream: true });
    expect(res.headers.has("content-encoding")).toBe(false);
    let text = "";
    let seen = 0;
    for await (const chunk of res.chunks as AsyncIterable<Chunk>) {
      text += dec(chunk);
      while (seen < events.length && text.split("\n\n").length - 1 > seen) gates[seen++]!.resolve();
    }
    expect(text).toBe(events.join("") + "end");
    expect(counter.count).toBe(1);
  });

  it("pulls an endless encoded upstream only as fast as the client reads, and closes it once when the client leaves", async () => {
    const [head] = await gzipFlushed(["data: x\n\n"]);
    const again = (await gzipFlushed(["data: x\n\n", "data: x\n\n"]))[1]!; // a flushed block that continues any stream
    const counter = new CloseCounter();
    let pulled = 0;
    const endless: App = (_environ, startResponse) =>
      counter.track(
        (async function* () {
          startResponse("200 OK", gzipText);
          pulled++;
          yield head!;
          for (;;) {
            pulled++;
            yield again;
          }
        })(),
      );
    const res = await testClient(rewriteText(endless, { append: "!" })).get("/", { stream: true });
    const chunks = res.chunks[Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) await chunks.next();
    expect(pulled).toBeLessThanOrEqual(12); // one upstream chunk per chunk read, and no queue ahead
    await res.cancel();
    expect(counter.count).toBe(1);
  });

  it("streams an encoded Array body too large to decode whole (8 MiB), without Content-Length", async () => {
    const plain = "a".repeat(16 * 1024 * 1024);
    const encoded = gzipSync(plain);
    const counter = new CloseCounter();
    const inner = appOf([encoded], { counter, headers: [["Content-Type", "text/plain"], ["Content-Encoding", "gzip"], ["Content-Length", String(encoded.length)]] });
    const res = await testClient(rewriteText(inner, { append: "!" }, { recompress: false })).get("/");
    expect(res.headers.has("content-length")).toBe(false);
    expect(res.body.byteLength).toBe(plain.length + 1);
    expect(dec(res.body.subarray(-2))).toBe("a!");
    expect(counter.count).toBe(1);
  });

  // Never a clean end that would pass a cut-off body as complete: an Array
  // fails before the first byte (a 500), a stream aborts after what decoded.
  it.each([["array"], ["stream"]] as const)("fails a truncated gzip body (%s) instead of ending it as if complete", async (as) => {
    const encoded = gzipSync("hello ".repeat(100));
    const counter = new CloseCounter();
    const headers: [string, string][] = [["Content-Type", "text/plain"], ["Content-Encoding", "gzip"]];
    const inner = appOf([encoded.subarray(0, encoded.length - 8)], { as, counter, headers });
    const client = testClient(rewriteText(inner, { append: "!" }, { recompress: false }), { catchErrors: true });
    if (as === "array") expect((await client.get("/")).status).toBe(500);
    else await expect(client.get("/")).rejects.toThrow("unexpected end of file");
    expect(counter.count).toBe(1);
  });
});
