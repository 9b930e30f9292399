import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLineSink } from "../../src/runner/line-sink.js";

/** A log reader that takes nothing until released. */
function stalledReader() {
  const got: string[] = [];
  const held: (() => void)[] = [];
  let stalled = true;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      got.push(chunk.toString());
      if (stalled) held.push(callback);
      else callback();
    },
  });
  const release = () => {
    stalled = false;
    for (const callback of held.splice(0)) callback();
  };
  return { stream, got: () => got.join(""), release };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("access log sink (issue #14 item 4)", () => {
  it("keeps every line for a stalled reader up to the bound, without waiting for it", async () => {
    const reader = stalledReader();
    const reports: string[] = [];
    const sink = createLineSink(reader.stream, { maxPending: 100_000, report: (t) => reports.push(t) });
    for (let i = 0; i < 1000; i++) {
      sink.write(`line ${i}\n`);
      if (i % 100 === 0) await turn();
    }
    reader.release();
    await sink.end(1000);
    expect(reader.got().split("\n").slice(0, -1)).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i}`));
    expect(reports).toEqual([]);
  });

  it("past the bound drops lines, says so at once, and gives the count on stderr when the reader catches up", async () => {
    const reader = stalledReader();
    const reports: string[] = [];
    const sink = createLineSink(reader.stream, { maxPending: 2000, report: (t) => reports.push(t) });
    const line = "x".repeat(99) + "\n";
    for (let i = 0; i < 50; i++) {
      sink.write(line);
      await turn();
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/access log: its reader is not keeping up: dropping lines/);
    reader.release();
    await sink.end(1000);
    const kept = reader.got().split("\n").length - 1;
    expect(kept).toBeGreaterThan(0);
    expect(reports[1]).toMatch(new RegExp(`access log: dropped ${50 - kept} lines`));
  });

  it("writes whole lines, at most 4096 bytes a write unless one line is longer, so workers sharing a pipe never interleave", async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        setImmediate(callback);
      },
    });
    const sink = createLineSink(stream);
    const lines = Array.from({ length: 500 }, (_, i) => `${i} ${"z".repeat(i === 250 ? 5000 : 90)}\n`);
    for (const line of lines) sink.write(line);
    await sink.end(1000);
    expect(chunks.join("")).toBe(lines.join(""));
    for (const chunk of chunks) {
      expect(chunk.endsWith("\n")).toBe(true);
      if (chunk.length > 4096) expect(chunk.split("\n")).toHaveLength(2);
    }
    expect(chunks.length).toBeGreaterThan(10);
  });

  it("reports at the end what a reader that never came back left unwritten", async () => {
    const reader = stalledReader();
    const reports: string[] = [];
    const sink = createLineSink(reader.stream, { maxPending: 2000, report: (t) => reports.push(t) });
    for (let i = 0; i < 30; i++) sink.write("y".repeat(99) + "\n");
    await turn();
    await sink.end(50);
    expect(reports.join("")).toMatch(/dropped \d+ lines/);
    expect(reports.join("")).toMatch(/\d+ bytes were still unwritten when the process had to exit/);
  });
});
