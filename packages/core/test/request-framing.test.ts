import { describe, expect, it } from "vitest";
import { buildEnviron, checkResponseHead, createErrorStream, emptyInput } from "../src/index.js";
import { statusOf } from "./helpers/status-of.js";

function environFor(rawHeaders: string[], protocol = "HTTP/1.1") {
  return buildEnviron({
    method: "POST",
    target: "/",
    protocol,
    rawHeaders: ["Host", "a.test", ...rawHeaders],
    serverName: "127.0.0.1",
    serverPort: "8000",
    input: emptyInput,
    errors: createErrorStream(() => {}),
  });
}

describe("request framing ([server.request-framing])", () => {
  it.each([
    ["two equal Content-Lengths", ["Content-Length", "5", "Content-Length", "5"]],
    ["two different Content-Lengths", ["Content-Length", "5", "Content-Length", "6"]],
    ["Content-Length with Transfer-Encoding", ["Content-Length", "5", "Transfer-Encoding", "chunked"]],
    ["a Content-Length that is not digits", ["Content-Length", "5, 5"]],
    ["a signed Content-Length", ["Content-Length", "+5"]],
  ])("answers 400 to %s instead of building an environ", (_what, headers) => {
    expect(statusOf(() => environFor(headers))).toBe(400);
  });

  it("keeps a single Content-Length as CONTENT_LENGTH", () => {
    expect(environFor(["Content-Length", "5"]).CONTENT_LENGTH).toBe("5");
  });
});

describe("checkResponseHead and [headers.content-length]", () => {
  it("refuses a second Content-Length even when it is equal, as validate() does", () => {
    const headers: [string, string][] = [["Content-Length", "3"], ["content-length", "3"]];
    expect(() => checkResponseHead("200 OK", headers)).toThrow(/must appear once/);
  });

  it("accepts one Content-Length", () => {
    expect(checkResponseHead("200 OK", [["Content-Length", "3"]]).contentLength).toBe(3);
  });
});
