import { describe, expect, it } from "vitest";
import { buildEnvironFromRequest, createErrorStream, streamChunks } from "../src/index.js";

const enc = new TextEncoder();
const bytes = (text: string): Uint8Array => enc.encode(text);

/** A stream that hands out `chunks` one per pull, counting pulls and noting a cancel. */
function source(chunks: unknown[]): { stream: ReadableStream<unknown>; pulls: () => number; cancelled: () => boolean } {
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<unknown>(
    {
      pull(controller) {
        if (pulls === chunks.length) controller.close();
        else controller.enqueue(chunks[pulls]);
        pulls++;
      },
      cancel: () => void (cancelled = true),
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}

async function readAll(iterable: AsyncIterable<Uint8Array>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const chunk of iterable) out.push([...chunk]);
  return out;
}

describe("streamChunks", () => {
  it("reads one chunk per next(), pulling the stream only as the consumer asks", async () => {
    const { stream, pulls } = source([bytes("a"), bytes("b")]);
    const chunks = streamChunks(stream);
    expect(pulls()).toBe(0);
    expect(await chunks.next()).toEqual({ done: false, value: bytes("a") });
    expect(pulls()).toBe(1);
    expect(await chunks.next()).toEqual({ done: false, value: bytes("b") });
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it("skips empty chunks", async () => {
    const { stream } = source([new Uint8Array(0), bytes("x"), new ArrayBuffer(0)]);
    expect(await readAll(streamChunks(stream))).toEqual([[120]]);
  });

  it.each<[string, unknown, number[]]>([
    ["a Buffer (a Uint8Array)", Buffer.from([1, 2]), [1, 2]],
    ["a Uint16Array, as its bytes", new Uint16Array([0x0201]), [1, 2]],
    ["a DataView over part of a buffer", new DataView(new Uint8Array([9, 1, 2, 9]).buffer, 1, 2), [1, 2]],
    ["an ArrayBuffer", new Uint8Array([1, 2]).buffer, [1, 2]],
    ["a string, as UTF-8", "é", [0xc3, 0xa9]],
  ])("turns %s into bytes", async (_what, chunk, expected) => {
    const { stream } = source([chunk]);
    expect(await readAll(streamChunks(stream))).toEqual([expected]);
  });

  it.each<[string, unknown, string]>([
    ["a number", 42, "number 42"],
    ["an object", { length: 1 }, "a Object"],
    ["null", null, "null"],
    ["an array of numbers", [1, 2], "an Array of length 2"],
  ])("refuses %s with a TypeError that says what came, and cancels the stream", async (_what, chunk, described) => {
    const { stream, cancelled } = source([bytes("ok"), chunk, bytes("never")]);
    const chunks = streamChunks(stream);
    await chunks.next();
    const failure = chunks.next();
    await expect(failure).rejects.toThrow(TypeError);
    await expect(failure).rejects.toThrow(`a body stream produced ${described}, expected bytes`);
    expect(cancelled()).toBe(true);
    expect(stream.locked).toBe(false);
  });

  it("releases the lock at the end without cancelling the stream", async () => {
    const { stream, cancelled } = source([bytes("a")]);
    await readAll(streamChunks(stream));
    expect(stream.locked).toBe(false);
    expect(cancelled()).toBe(false);
  });

  it("cancels the stream when the consumer leaves early", async () => {
    const { stream, cancelled } = source([bytes("a"), bytes("b")]);
    for await (const _chunk of streamChunks(stream)) break;
    expect(cancelled()).toBe(true);
    expect(stream.locked).toBe(false);
  });

  it("cancels at once on return() while a read is pending, and the pending next() ends", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}), cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    const chunks = streamChunks(stream);
    const pending = chunks.next();
    await expect(chunks.return()).resolves.toEqual({ done: true, value: undefined });
    expect(cancelled).toBe(true);
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it("cancels a stream it never read when return() comes first", async () => {
    const { stream, cancelled, pulls } = source([bytes("a")]);
    await streamChunks(stream).return();
    expect(cancelled()).toBe(true);
    expect(pulls()).toBe(0);
  });

  it("rejects next() with the stream's own error", async () => {
    const stream = new ReadableStream({ pull: (controller) => controller.error(new Error("upload broke")) });
    await expect(streamChunks(stream).next()).rejects.toThrow("upload broke");
  });
});

describe("buildEnvironFromRequest reads the request body through streamChunks", () => {
  it.each<[string, unknown]>([
    ["an ArrayBuffer", new Uint8Array([104, 105]).buffer],
    ["a DataView", new DataView(new Uint8Array([104, 105]).buffer)],
  ])("gives tsgi.input the bytes of %s chunk, not nothing", async (_what, chunk) => {
    const environ = buildEnvironFromRequest(postOf([chunk]), { errors: createErrorStream(() => {}) });
    expect(new TextDecoder().decode(await environ["tsgi.input"].read())).toBe("hi");
  });

  it("rejects a tsgi.input read when a chunk is not bytes, instead of dropping it", async () => {
    const environ = buildEnvironFromRequest(postOf([bytes("a"), 7]), { errors: createErrorStream(() => {}) });
    await expect(environ["tsgi.input"].read()).rejects.toThrow(/a body stream produced number 7, expected bytes/);
  });
});

/** A POST whose body stream hands out `chunks` as they are (a runtime's Request can carry any chunk). */
function postOf(chunks: unknown[]): Request {
  const { stream } = source(chunks);
  return new Request("http://a.test/upload", { method: "POST", body: stream as ReadableStream<Uint8Array>, duplex: "half" } as RequestInit);
}
