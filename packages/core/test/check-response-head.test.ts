import { describe, expect, it } from "vitest";
import { checkResponseHead, isFieldValue, isToken } from "../src/index.js";

describe("checkResponseHead", () => {
  it("returns the code, reason and declared Content-Length", () => {
    expect(checkResponseHead("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "12"]])).toEqual({
      code: 200,
      reason: "OK",
      contentLength: 12,
    });
    expect(checkResponseHead("204 No Content", []).contentLength).toBe(-1);
  });

  it("refuses header injection through CR/LF in a value", () => {
    expect(() => checkResponseHead("200 OK", [["X-A", "a\r\nSet-Cookie: x=1"]])).toThrow(/invalid value for response header X-A/);
  });

  it("refuses hop-by-hop and Status headers", () => {
    expect(() => checkResponseHead("200 OK", [["Connection", "close"]])).toThrow(/hop-by-hop header Connection/);
    expect(() => checkResponseHead("200 OK", [["Status", "200"]])).toThrow(/Status header/);
  });

  it("refuses names that are not tokens and pairs that are not pairs", () => {
    expect(() => checkResponseHead("200 OK", [["Bad Name", "x"]])).toThrow(/invalid response header name/);
    expect(() => checkResponseHead("200 OK", [["X-A"]])).toThrow(/must be a \[name, value\] pair/);
    expect(() => checkResponseHead("200 OK", "Content-Type: x")).toThrow(/must be an array/);
  });

  it("refuses an interim 1xx or an out-of-range code as the final status", () => {
    expect(() => checkResponseHead("100 Continue", [])).toThrow(/cannot be a final response/);
    expect(() => checkResponseHead("103 Early Hints", [])).toThrow(/cannot be a final response/);
    expect(() => checkResponseHead("600 Custom", [])).toThrow(/cannot be a final response/);
    expect(checkResponseHead("599 Edge", []).code).toBe(599);
  });

  it("refuses a malformed status and conflicting or non-numeric Content-Length", () => {
    expect(() => checkResponseHead(200, [])).toThrow(/must be a string/);
    expect(() => checkResponseHead("OK", [])).toThrow(TypeError);
    expect(() => checkResponseHead("200 OK\r\nX: y", [])).toThrow(/invalid character in status/);
    expect(() => checkResponseHead("200 OK", [["Content-Length", "-1"]])).toThrow(/invalid Content-Length/);
    expect(() => checkResponseHead("200 OK", [["Content-Length", "1"], ["content-length", "2"]])).toThrow(/conflicting/);
  });
});

describe("isToken and isFieldValue", () => {
  it("follow RFC 9110's token and field-value grammar", () => {
    expect(isToken("X-Custom_1")).toBe(true);
    expect(isToken("a b")).toBe(false);
    expect(isToken("")).toBe(false);
    expect(isFieldValue("caf\u00e9\tok")).toBe(true);
    expect(isFieldValue("a\nb")).toBe(false);
    expect(isFieldValue("\u0100")).toBe(false);
  });
});
