import { describe, expect, it } from "vitest";
import { statusCode, statusHasNoBody, statusLine } from "../src/index.js";

describe("status helpers", () => {
  it("statusLine builds the status string from a code", () => {
    expect(statusLine(200)).toBe("200 OK");
    expect(statusLine(404)).toBe("404 Not Found");
    expect(statusLine(418)).toBe("418 I'm a Teapot");
    expect(statusLine(299)).toBe("299 Success");
    expect(statusLine(200, "Fine")).toBe("200 Fine");
  });

  it("statusLine refuses codes that cannot be a status", () => {
    expect(() => statusLine(99)).toThrow(RangeError);
    expect(() => statusLine(1000)).toThrow(RangeError);
    expect(() => statusLine(20.5)).toThrow(RangeError);
  });

  it("statusCode reads the code from a status string", () => {
    expect(statusCode("404 Not Found")).toBe(404);
    expect(statusCode("200")).toBe(200);
    expect(() => statusCode("abc")).toThrow(TypeError);
    expect(() => statusCode("2000 x")).toThrow(TypeError);
  });

  it("statusHasNoBody is true for 1xx, 204 and 304", () => {
    expect([100, 103, 204, 304].every(statusHasNoBody)).toBe(true);
    expect([200, 206, 301, 404, 500].some(statusHasNoBody)).toBe(false);
  });
});
