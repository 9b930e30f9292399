import { describe, expect, it } from "vitest";
import { addVary, chooseEncoding, parseQualityValues, weakenETag, type HeaderList } from "../src/index.js";

describe("addVary", () => {
  it.each<[string, HeaderList, string[], HeaderList]>([
    ["adds Vary when absent", [["Content-Type", "text/plain"]], ["Accept-Encoding"], [["Content-Type", "text/plain"], ["Vary", "Accept-Encoding"]]],
    ["merges into an existing list without repeating a name", [["vary", "Origin, accept-encoding"]], ["Accept-Encoding", "Cookie"], [["Vary", "Origin, accept-encoding, Cookie"]]],
    ["joins several Vary fields into one", [["Vary", "Origin"], ["X", "1"], ["Vary", "Cookie"]], ["Accept"], [["Vary", "Origin, Cookie, Accept"], ["X", "1"]]],
    ["keeps * alone", [["Vary", "*"]], ["Accept-Encoding"], [["Vary", "*"]]],
    ["turns the list into * when * is added", [["Vary", "Origin"]], ["*"], [["Vary", "*"]]],
    ["accepts comma-separated arguments", [], ["Origin,  Accept"], [["Vary", "Origin, Accept"]]],
  ])("%s", (_name, headers, fields, expected) => {
    expect(addVary(headers, ...fields)).toEqual(expected);
  });
});

describe("weakenETag", () => {
  it.each<[string, string | undefined, string | undefined]>([
    ["weakens a strong ETag", '"abc"', 'W/"abc"'],
    ["keeps a weak ETag", 'W/"abc"', 'W/"abc"'],
    ["deletes a malformed ETag that cannot be weakened", "abc", undefined],
    ["does nothing without an ETag", undefined, undefined],
  ])("%s", (_name, before, after) => {
    const headers: HeaderList = before === undefined ? [] : [["ETag", before]];
    weakenETag(headers);
    expect(headers.find(([n]) => n.toLowerCase() === "etag")?.[1]).toBe(after);
  });
});

describe("parseQualityValues", () => {
  it("parses tokens and weights in order, lower-casing names and skipping malformed members", () => {
    expect(parseQualityValues("GZip;q=0.8, br, identity;q=0, x;q=2, ;q=1, deflate ; q=0.5")).toEqual([
      { value: "gzip", q: 0.8 },
      { value: "br", q: 1 },
      { value: "identity", q: 0 },
      { value: "deflate", q: 0.5 },
    ]);
  });
  it("gives [] for no header", () => expect(parseQualityValues(undefined)).toEqual([]));
});

describe("chooseEncoding", () => {
  it("gives the type of the codings offered", () => {
    const chosen: "br" | "gzip" | "identity" | undefined = chooseEncoding("gzip", ["br", "gzip"] as const);
    expect(chosen).toBe("gzip");
  });

  it.each<[string, string | undefined, string | undefined]>([
    ["absent header: identity", undefined, "identity"],
    ["empty header: identity only", "", "identity"],
    ["highest q wins", "gzip;q=0.5, br;q=0.9", "br"],
    ["ties go to the server's order", "gzip, br", "br"],
    ["* covers codings not named", "*", "br"],
    ["q=0 excludes a coding", "br;q=0, gzip", "gzip"],
    ["* with q=0 excludes unnamed ones", "*;q=0, gzip;q=0.1", "gzip"],
    ["nothing we have: identity", "zstd", "identity"],
    ["identity;q=0 and nothing we have: nothing acceptable", "identity;q=0, zstd", undefined],
    ["*;q=0 without identity: nothing acceptable", "*;q=0", undefined],
    ["case-insensitive", "GZIP", "gzip"],
  ])("%s", (_name, header, chosen) => {
    expect(chooseEncoding(header, ["br", "gzip"])).toBe(chosen);
  });
});
