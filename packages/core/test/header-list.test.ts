import { describe, expect, it } from "vitest";
import { deleteHeader, getAllHeaders, getHeader, HeaderMap, isHopByHop, setHeader } from "../src/index.js";
import type { HeaderList } from "../src/index.js";

describe("header list helpers", () => {
  it("look names up case-insensitively and keep repeated fields in order", () => {
    const h: HeaderList = [["Set-Cookie", "a=1"], ["content-type", "text/plain"], ["set-cookie", "b=2"]];
    expect(getHeader(h, "Content-Type")).toBe("text/plain");
    expect(getAllHeaders(h, "SET-COOKIE")).toEqual(["a=1", "b=2"]);
    expect(getHeader(h, "missing")).toBeUndefined();
  });

  it("setHeader replaces every occurrence in place at the first position", () => {
    const h: HeaderList = [["A", "1"], ["Content-Length", "5"], ["B", "2"], ["content-length", "9"]];
    setHeader(h, "Content-Length", "7");
    expect(h).toEqual([["A", "1"], ["Content-Length", "7"], ["B", "2"]]);
    setHeader(h, "C", "3");
    expect(h.at(-1)).toEqual(["C", "3"]);
  });

  it("deleteHeader removes every occurrence and says how many", () => {
    const h: HeaderList = [["ETag", '"x"'], ["A", "1"], ["etag", '"y"']];
    expect(deleteHeader(h, "ETag")).toBe(2);
    expect(h).toEqual([["A", "1"]]);
  });

  it("HeaderMap edits the list it wraps", () => {
    const list: HeaderList = [];
    const map = new HeaderMap(list).set("Content-Type", "text/html").append("Vary", "Accept");
    expect(map.get("content-type")).toBe("text/html");
    expect(list).toEqual([["Content-Type", "text/html"], ["Vary", "Accept"]]);
  });

  it("isHopByHop recognises connection-level fields in any case", () => {
    for (const name of ["Connection", "keep-alive", "Transfer-Encoding", "UPGRADE", "TE", "Trailer", "Proxy-Authorization"]) {
      expect(isHopByHop(name)).toBe(true);
    }
    for (const name of ["Content-Type", "Set-Cookie", "Cache-Control"]) expect(isHopByHop(name)).toBe(false);
  });
});
