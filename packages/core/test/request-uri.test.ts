import { describe, expect, it } from "vitest";
import { applicationUri, buildEnviron, createErrorStream, emptyInput, requestUri } from "../src/index.js";

function env(target: string, rawHeaders: string[] = [], urlScheme: "http" | "https" = "http", port = "80") {
  return buildEnviron({
    method: "GET",
    target,
    rawHeaders,
    serverName: "example.org",
    serverPort: port,
    urlScheme,
    input: emptyInput,
    errors: createErrorStream(() => {}),
  });
}

describe("requestUri and applicationUri", () => {
  it("rebuilds the URL from the Host header, re-quoting the decoded path", () => {
    const e = env("/caf%C3%A9/a%20b?q=%20", ["Host", "h.test:81"]);
    expect(requestUri(e)).toBe("http://h.test:81/caf%C3%A9/a%20b?q=%20");
    expect(requestUri(e, false)).toBe("http://h.test:81/caf%C3%A9/a%20b");
    expect(applicationUri(e)).toBe("http://h.test:81/");
  });

  it("falls back to SERVER_NAME and omits the scheme's default port", () => {
    expect(requestUri(env("/x"))).toBe("http://example.org/x");
    expect(requestUri(env("/x", [], "https", "443"))).toBe("https://example.org/x");
    expect(requestUri(env("/x", [], "https", "8443"))).toBe("https://example.org:8443/x");
  });

  it("includes SCRIPT_NAME for mounted apps", () => {
    const e = env("/x", ["Host", "h"]);
    e.SCRIPT_NAME = "/mount";
    expect(applicationUri(e)).toBe("http://h/mount");
    expect(requestUri(e)).toBe("http://h/mount/x");
  });
});
