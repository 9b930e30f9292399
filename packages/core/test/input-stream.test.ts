import { describe, expect, it } from "vitest";
import { createInputStream, emptyInput } from "../src/index.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield enc.encode(p);
}

describe("createInputStream", () => {
  it("read(n) returns exactly n bytes across chunk boundaries, then the rest, then empty", async () => {
    const input = createInputStream(chunks("ab", "cde", "f"));
    expect(dec.decode(await input.read(3))).toBe("abc");
    expect(dec.decode(await input.read(10))).toBe("def");
    expect((await input.read(1)).byteLength).toBe(0);
  });

  it("read() with no size returns the whole remaining body", async () => {
    const input = createInputStream(chunks("one ", "two ", "three"));
    await input.read(4);
    expect(dec.decode(await input.read())).toBe("two three");
    expect((await input.read()).byteLength).toBe(0);
  });

  it("readline splits on \\n across chunks and honours a size limit", async () => {
    const input = createInputStream(chunks("first\nsec", "ond\nthird-is-long"));
    expect(dec.decode(await input.readline())).toBe("first\n");
    expect(dec.decode(await input.readline())).toBe("second\n");
    expect(dec.decode(await input.readline(5))).toBe("third");
    expect(dec.decode(await input.readline())).toBe("-is-long");
    expect((await input.readline()).byteLength).toBe(0);
  });

  it("async iteration yields buffered bytes first, then pulls the source", async () => {
    const input = createInputStream(chunks("abc", "def", "ghi"));
    await input.read(1);
    const seen: string[] = [];
    for await (const c of input) seen.push(dec.decode(c));
    expect(seen.join("")).toBe("bcdefghi");
  });

  it("pulls from the source only when asked, so backpressure reaches the client", async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield new Uint8Array(10);
      }
    }
    const input = createInputStream(source());
    await input.read(15);
    expect(pulled).toBe(2);
  });

  it("rejects a non-integer size", async () => {
    await expect(createInputStream(chunks("x")).read(1.5)).rejects.toThrow(TypeError);
  });

  it("emptyInput is at EOF from the start", async () => {
    expect((await emptyInput.read()).byteLength).toBe(0);
    expect((await emptyInput.readline()).byteLength).toBe(0);
    for await (const _ of emptyInput) throw new Error("emptyInput yielded");
  });
});
