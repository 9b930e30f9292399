import { describe, expect, it } from "vitest";
import { collectBody, mapBody, transformBody, type Body, type Chunk, type TransformEnd } from "../src/index.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

function tracked(parts: string[]): { body: Body; closes: () => number } {
  let closes = 0;
  const body = Object.assign(
    (async function* () {
      for (const p of parts) yield enc.encode(p);
    })(),
    { close: () => void closes++ },
  );
  return { body, closes: () => closes };
}

async function chunks(body: Body): Promise<string[]> {
  const out: string[] = [];
  for await (const c of body as AsyncIterable<Chunk>) out.push(dec.decode(c));
  await body.close?.();
  return out;
}

describe("transformBody", () => {
  it("yields 0..n chunks per input, an empty chunk when a step gives none, then the flush tail", async () => {
    const { body, closes } = tracked(["ab", "", "c"]);
    const ends: TransformEnd[] = [];
    const out = transformBody(body, {
      transform: (c) => [...dec.decode(c)].map((ch) => enc.encode(ch)),
      flush: () => enc.encode("!"),
      cleanup: (end) => void ends.push(end),
    });
    expect(await chunks(out)).toEqual(["a", "b", "", "c", "!"]);
    expect(ends).toEqual(["done"]);
    expect(closes()).toBe(1);
  });

  it("reports an error to cleanup, closes the inner body once and re-throws", async () => {
    const { body, closes } = tracked(["a", "b"]);
    const ends: TransformEnd[] = [];
    const out = transformBody(body, {
      transform: (c) => {
        if (dec.decode(c) === "b") throw new Error("bad chunk");
        return c;
      },
      cleanup: (end) => void ends.push(end),
    });
    await expect(chunks(out)).rejects.toThrow("bad chunk");
    await out.close();
    expect(ends).toEqual(["error"]);
    expect(closes()).toBe(1);
  });

  it("reports aborted when closed unread, and closes the inner body once", async () => {
    const { body, closes } = tracked(["a"]);
    const ends: TransformEnd[] = [];
    const out = transformBody(body, { transform: (c) => c, cleanup: (end) => void ends.push(end) });
    await out.close();
    await out.close();
    expect(ends).toEqual(["aborted"]);
    expect(closes()).toBe(1);
  });

  it("keeps an Array body an Array when the transform is synchronous", async () => {
    let closes = 0;
    const inner = Object.assign([enc.encode("a"), enc.encode("b")], { close: () => void closes++ });
    const out = transformBody(inner, { transform: (c) => [c, c], flush: () => enc.encode("!") });
    expect(Array.isArray(out)).toBe(true);
    expect(dec.decode(await collectBody(out))).toBe("aabb!");
    expect(closes).toBe(1);
  });

  it("streams an Array body whose transform is asynchronous, calling it once per chunk in order", async () => {
    const calls: string[] = [];
    const inner = [enc.encode("a"), enc.encode("b")];
    const out = transformBody(inner, {
      transform: async (c) => {
        calls.push(dec.decode(c));
        return enc.encode(dec.decode(c).toUpperCase());
      },
      flush: async () => enc.encode("!"),
    });
    expect(Array.isArray(out)).toBe(false);
    expect(await chunks(out)).toEqual(["A", "B", "!"]);
    expect(calls).toEqual(["a", "b"]);
  });
});

describe("transformBody on an Array whose transform turns asynchronous part-way", () => {
  it("keeps the order and calls each step once", async () => {
    const calls: string[] = [];
    const inner = ["a", "b", "c"].map((p) => enc.encode(p));
    const out = transformBody(inner, {
      transform: (c) => {
        const text = dec.decode(c);
        calls.push(text);
        return text === "b" ? Promise.resolve(enc.encode("B")) : enc.encode(text.toUpperCase());
      },
      flush: () => enc.encode("!"),
    });
    expect(await chunks(out)).toEqual(["A", "B", "C", "!"]);
    expect(calls).toEqual(["a", "b", "c"]);
  });

  it("closes the inner Array body and re-throws when a synchronous step throws", async () => {
    let closes = 0;
    const ends: TransformEnd[] = [];
    const inner = Object.assign([enc.encode("a")], { close: () => void closes++ });
    expect(() =>
      transformBody(inner, {
        transform: () => {
          throw new Error("bad");
        },
        cleanup: (end) => void ends.push(end),
      }),
    ).toThrow("bad");
    await new Promise((r) => setTimeout(r, 0));
    expect([closes, ends]).toEqual([1, ["error"]]);
  });
});

describe("mapBody", () => {
  it("keeps the Array fast path for a synchronous function", () => {
    const out = mapBody([enc.encode("x")], (c) => c, { flush: () => enc.encode("y") });
    expect(Array.isArray(out)).toBe(true);
    expect((out as unknown as Chunk[]).map((c) => dec.decode(c))).toEqual(["x", "y"]);
  });
});
