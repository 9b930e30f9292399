import { describe, expect, it } from "vitest";
import { StreamReplacer, type ReplacePair } from "../src/stream-replace.js";

function streamed(pair: ReplacePair, pieces: string[]): string {
  const r = new StreamReplacer(pair);
  return pieces.map((p) => r.push(p)).join("") + r.end();
}

function piecesOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const text = "the cat sat on the mat; concatenate cats. the end";

describe("StreamReplacer", () => {
  it.each([1, 2, 3, 5, 7, 1000])("gives whole-text replace results for a string pattern in %i-character pieces", (size) => {
    expect(streamed(["cat", "dog"], piecesOf(text, size))).toBe(text.replaceAll("cat", "dog"));
  });

  it.each([1, 2, 3, 4])("matches a self-overlapping literal like replaceAll does, in %i-character pieces", (size) => {
    const source = "aaaaa-aaa-aaaaaaa";
    expect(streamed(["aa", "b"], piecesOf(source, size))).toBe(source.replaceAll("aa", "b"));
    expect(streamed(["aa", "$&!"], piecesOf(source, size))).toBe(source.replaceAll("aa", "$&!"));
  });

  it.each([1, 2, 4, 9])("gives whole-text results for a RegExp with groups in %i-character pieces", (size) => {
    const re = /(c|m)at(s?)/g;
    expect(streamed([re, "<$1$2>", { maxMatchLength: 4 }], piecesOf(text, size))).toBe(text.replace(re, "<$1$2>"));
  });

  it.each([1, 3])("supports $&, $$ and named groups (%i-character pieces)", (size) => {
    const re = /(?<word>th)e/g;
    expect(streamed([re, "[$&|$<word>|$$]", { maxMatchLength: 3 }], piecesOf(text, size))).toBe(text.replace(re, "[$&|$<word>|$$]"));
  });

  it("calls a function replacement with the match and its groups", () => {
    expect(streamed([/c(a)t/, (m, a) => m.toUpperCase() + a, { maxMatchLength: 3 }], piecesOf(text, 2))).toBe(
      text.replace(/c(a)t/g, (m: string, a: string) => m.toUpperCase() + a),
    );
  });

  it("never holds more than maxMatchLength - 1 characters", () => {
    const r = new StreamReplacer(["needle", "x"]);
    let out = "";
    for (let i = 0; i < 100; i++) out += r.push("haystack ");
    expect(out.length).toBeGreaterThanOrEqual(900 - 5);
  });

  it("does not treat `$'` or a missing group as special beyond String.replace's rules", () => {
    expect(streamed(["a", "$9"], ["aa"])).toBe("aa".replaceAll("a", "$9"));
  });

  it("refuses a RegExp without maxMatchLength and an empty string pattern", () => {
    expect(() => new StreamReplacer([/a+/, "b"] as unknown as ReplacePair)).toThrow(/maxMatchLength/);
    expect(() => new StreamReplacer(["", "b"])).toThrow(/empty/);
  });
});
