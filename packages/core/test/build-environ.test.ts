import { describe, expect, it } from "vitest";
import { buildEnviron, createErrorStream, emptyInput, foldHeaderName, HttpError } from "../src/index.js";
import type { RequestParts } from "../src/index.js";

function parts(overrides: Partial<RequestParts> = {}): RequestParts {
  return {
    method: "GET",
    target: "/",
    rawHeaders: [],
    serverName: "127.0.0.1",
    serverPort: "8000",
    input: emptyInput,
    errors: createErrorStream(() => {}),
    ...overrides,
  };
}

describe("buildEnviron", () => {
  it("percent-decodes PATH_INFO to latin-1 and keeps QUERY_STRING raw", () => {
    const env = buildEnviron(parts({ target: "/caf%C3%A9/a%20b?x=%20y&z=1" }));
    expect(env.PATH_INFO).toBe("/caf\u00c3\u00a9/a b");
    expect(env.QUERY_STRING).toBe("x=%20y&z=1");
    expect(env.SCRIPT_NAME).toBe("");
    expect(env["tsgi.raw_uri"]).toBe("/caf%C3%A9/a%20b?x=%20y&z=1");
  });

  it("decodes %2F into a slash, as CGI does", () => {
    expect(buildEnviron(parts({ target: "/a%2Fb" })).PATH_INFO).toBe("/a/b");
  });

  it("does not normalise dot segments or repeated slashes", () => {
    expect(buildEnviron(parts({ target: "//a/../b/./c" })).PATH_INFO).toBe("//a/../b/./c");
  });

  it("rejects invalid percent-encoding with a 400 HttpError", () => {
    for (const target of ["/%zz", "/%4", "/a%"]) {
      expect(() => buildEnviron(parts({ target }))).toThrowError(HttpError);
      try {
        buildEnviron(parts({ target }));
      } catch (error) {
        expect((error as HttpError).status).toBe(400);
      }
    }
  });

  it("takes the path of an absolute-form target", () => {
    const env = buildEnviron(parts({ target: "http://example.com:8080/x?y=1" }));
    expect(env.PATH_INFO).toBe("/x");
    expect(env.QUERY_STRING).toBe("y=1");
    expect(buildEnviron(parts({ target: "http://example.com" })).PATH_INFO).toBe("/");
  });

  it("keeps '*' for OPTIONS * requests and answers 400 to '*' with any other method", () => {
    expect(buildEnviron(parts({ method: "OPTIONS", target: "*" })).PATH_INFO).toBe("*");
    expect(() => buildEnviron(parts({ method: "GET", target: "*" }))).toThrowError(/only for OPTIONS/);
  });

  it("folds headers to HTTP_* and moves Content-Type/Length to CGI names", () => {
    const env = buildEnviron(
      parts({
        rawHeaders: ["Host", "h", "X-Custom-Thing", "1", "Content-Type", "text/plain", "Content-Length", "3"],
      }),
    );
    expect(env.HTTP_HOST).toBe("h");
    expect(env.HTTP_X_CUSTOM_THING).toBe("1");
    expect(env.CONTENT_TYPE).toBe("text/plain");
    expect(env.CONTENT_LENGTH).toBe("3");
    expect(env.HTTP_CONTENT_TYPE).toBeUndefined();
    expect(env.HTTP_CONTENT_LENGTH).toBeUndefined();
  });

  it("joins repeated headers with ', ' and Cookie with '; '", () => {
    const env = buildEnviron(parts({ rawHeaders: ["Accept", "a", "accept", "b", "Cookie", "x=1", "Cookie", "y=2"] }));
    expect(env.HTTP_ACCEPT).toBe("a, b");
    expect(env.HTTP_COOKIE).toBe("x=1; y=2");
  });

  it("drops header names containing '_' so they cannot spoof their '-' twin", () => {
    const env = buildEnviron(parts({ rawHeaders: ["X_Forwarded_For", "1.2.3.4", "X-Forwarded-For", "5.6.7.8"] }));
    expect(env.HTTP_X_FORWARDED_FOR).toBe("5.6.7.8");
    expect(foldHeaderName("X_Evil")).toBeNull();
  });

  it("leaves CONTENT_TYPE and CONTENT_LENGTH out when the request has none", () => {
    const env = buildEnviron(parts());
    expect("CONTENT_TYPE" in env).toBe(false);
    expect("CONTENT_LENGTH" in env).toBe(false);
  });

  it("fills the tsgi keys", () => {
    const env = buildEnviron(parts({ urlScheme: "https", multiprocess: true, remoteAddr: "127.0.0.1" }));
    expect(env["tsgi.version"]).toEqual([1, 0]);
    expect(env["tsgi.url_scheme"]).toBe("https");
    expect(env["tsgi.multiprocess"]).toBe(true);
    expect(env["tsgi.multithread"]).toBe(false);
    expect(env["tsgi.run_once"]).toBe(false);
    expect(env.REMOTE_ADDR).toBe("127.0.0.1");
    expect(env.SERVER_PROTOCOL).toBe("HTTP/1.1");
  });
});

function statusOf(overrides: Partial<RequestParts>): number | undefined {
  try {
    buildEnviron(parts(overrides));
    return undefined;
  } catch (error) {
    return (error as HttpError).status;
  }
}

describe("buildEnviron: Host", () => {
  it.each([
    ["a second Host field", ["Host", "bank.test", "Host", "evil.test"]],
    ["a path in Host", ["Host", "evil.test/?"]],
    ["userinfo in Host", ["Host", "user@evil.test"]],
    ["whitespace in Host", ["Host", "a b"]],
    ["a port that is not digits", ["Host", "evil.test:99999x"]],
    ["a comma-joined pair", ["Host", "bank.test, evil.test"]],
  ])("answers 400 to %s", (_, rawHeaders) => {
    expect(statusOf({ rawHeaders })).toBe(400);
  });

  it.each(["example.com", "example.com:8080", "[::1]:80", "127.0.0.1", ""])("keeps the valid Host %j", (host) => {
    expect(buildEnviron(parts({ rawHeaders: ["Host", host] })).HTTP_HOST).toBe(host);
  });

  it("lets an absolute-form target's authority win over Host (RFC 9112 §3.2.2)", () => {
    const env = buildEnviron(parts({ target: "http://bank.test:8080/reset?x=1", rawHeaders: ["Host", "evil.test"] }));
    expect(env.HTTP_HOST).toBe("bank.test:8080");
    expect(env.PATH_INFO).toBe("/reset");
  });

  it.each(["http:///x", "http://user@evil.test/x", "http://a b/x"])("answers 400 to the absolute-form target %j", (target) => {
    expect(statusOf({ target, rawHeaders: ["Host", "bank.test"] })).toBe(400);
  });
});

describe("buildEnviron: Transfer-Encoding", () => {
  it.each([["gzip, chunked"], ["identity, chunked"], ["br"]])("answers 501 to Transfer-Encoding %j", (te) => {
    expect(statusOf({ method: "POST", rawHeaders: ["Host", "h", "Transfer-Encoding", te] })).toBe(501);
  });

  it("answers 501 when the other coding comes in a field of its own", () => {
    expect(statusOf({ method: "POST", rawHeaders: ["Host", "h", "Transfer-Encoding", "gzip", "Transfer-Encoding", "chunked"] })).toBe(501);
  });

  it("answers 400 to Transfer-Encoding in an HTTP/1.0 request", () => {
    expect(statusOf({ method: "POST", protocol: "HTTP/1.0", rawHeaders: ["Host", "h", "Transfer-Encoding", "chunked"] })).toBe(400);
  });

  it.each(["chunked", "Chunked"])("accepts Transfer-Encoding %j", (te) => {
    expect(buildEnviron(parts({ method: "POST", rawHeaders: ["Host", "h", "Transfer-Encoding", te] })).HTTP_TRANSFER_ENCODING).toBe(te);
  });
});
