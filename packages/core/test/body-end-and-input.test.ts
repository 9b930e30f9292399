import { describe, expect, it } from "vitest";
import { createInputStream, onBodyEnd, readJson, replaceInput, type Body, type BodyOutcome, type Chunk } from "../src/index.js";
import { makeEnviron } from "./helpers/validate-server.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

function gen(parts: string[], failAfter = Infinity): Body {
  return (async function* () {
    let i = 0;
    for (const p of parts) {
      if (i++ === failAfter) throw new Error("mid-stream");
      yield enc.encode(p);
    }
  })();
}

describe("onBodyEnd", () => {
  it.each<[string, () => Body, (b: Body) => Promise<void>, Omit<BodyOutcome, "error">["state"], number]>([
    ["done after the last chunk", () => gen(["ab", "c"]), async (b) => {
      for await (const _ of b as AsyncIterable<Chunk>) void _;
    }, "done", 3],
    ["error when iterating throws", () => gen(["ab", "c"], 1), async (b) => {
      for await (const _ of b as AsyncIterable<Chunk>) void _;
    }, "error", 2],
    ["aborted when the server stops early", () => gen(["ab", "c"]), async (b) => {
      for await (const _ of b as AsyncIterable<Chunk>) break;
    }, "aborted", 2],
    ["aborted when closed unread", () => gen(["ab"]), async () => {}, "aborted", 0],
  ])("reports %s, once, with the bytes yielded", async (_name, make, drive, state, bytes) => {
    const outcomes: BodyOutcome[] = [];
    const body = onBodyEnd(make(), (o) => void outcomes.push(o));
    await drive(body).catch(() => {});
    await body.close();
    expect(outcomes.map((o) => [o.state, o.bytes])).toEqual([[state, bytes]]);
  });

  it("keeps an Array an Array and reports it at close()", async () => {
    const outcomes: BodyOutcome[] = [];
    const body = onBodyEnd([enc.encode("abc")], (o) => void outcomes.push(o));
    expect(Array.isArray(body)).toBe(true);
    await body.close();
    await body.close();
    expect(outcomes).toEqual([{ state: "done", bytes: 3 }]);
  });
});

describe("createInputStream over bytes in memory", () => {
  it("reads an Array of chunks like any stream", async () => {
    const input = createInputStream([enc.encode("line 1\nli"), enc.encode("ne 2\n")]);
    expect(dec.decode(await input.readline())).toBe("line 1\n");
    expect(dec.decode(await input.read())).toBe("line 2\n");
    expect((await input.read()).byteLength).toBe(0);
  });
});

describe("readJson with keep", () => {
  it("parses the body and leaves the same bytes readable, with CONTENT_LENGTH to match", async () => {
    const { environ } = makeEnviron({
      method: "POST",
      headers: [["Transfer-Encoding", "chunked"]],
      body: [enc.encode('{"a":'), enc.encode("1}")],
    });
    delete environ.CONTENT_LENGTH;
    expect(await readJson(environ, { keep: true })).toEqual({ a: 1 });
    expect(environ.CONTENT_LENGTH).toBe("7");
    expect(dec.decode(await environ["tsgi.input"].read())).toBe('{"a":1}');
  });

  it("replaceInput sets tsgi.input and CONTENT_LENGTH together", async () => {
    const { environ } = makeEnviron();
    replaceInput(environ, [enc.encode("ab"), enc.encode("c")]);
    expect(environ.CONTENT_LENGTH).toBe("3");
    expect(dec.decode(await environ["tsgi.input"].read())).toBe("abc");
  });
});
