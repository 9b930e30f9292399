import { afterEach, describe, expect, it } from "vitest";
import type { App } from "@tsgi/core";
import type { ServerOptions } from "../src/index.js";
import { enc, rawExchange, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

// Issue #14 item 1: what a trusted proxy is believed for, over a real socket.

const KEYS = ["REMOTE_ADDR", "REMOTE_PORT", "HTTP_HOST", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO", "tsgi.url_scheme"] as const;
const echo: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  return [enc(JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, environ[k] ?? null]))))];
};

async function environBehind(options: ServerOptions, headers: string, target = "/reset"): Promise<Record<string, string | null> & { errors: string }> {
  const s = await start(echo, { trustProxy: (addr) => addr === "127.0.0.1", ...options });
  const reply = await rawExchange(s.port, `GET ${target} HTTP/1.1\r\nHost: bank.test\r\n${headers}Connection: close\r\n\r\n`);
  expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  // The JSON body is UTF-8; rawExchange reads latin-1.
  const body = Buffer.from(reply.slice(reply.indexOf("\r\n\r\n") + 4), "latin1").toString("utf8");
  return { ...(JSON.parse(body) as Record<string, string | null>), errors: s.errors.join("") };
}

describe("proxy trust: defaults", () => {
  it("ignores a Forwarded header the proxy passed through and believes the X-Forwarded-For/-Proto it set", async () => {
    const e = await environBehind(
      {},
      "Forwarded: for=198.51.100.1;proto=https;host=evil.test\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: http\r\n",
    );
    expect(e).toMatchObject({ REMOTE_ADDR: "203.0.113.7", HTTP_HOST: "bank.test", "tsgi.url_scheme": "http" });
  });

  it.each([
    ["X-Forwarded-Host", "X-Forwarded-Host: evil.test\r\n"],
    ["X-Forwarded-Port", "X-Forwarded-Port: 8443\r\n"],
    ["X-Forwarded-Prefix", "X-Forwarded-Prefix: /evil\r\n"],
  ])("ignores %s unless it is named", async (_name, header) => {
    const e = await environBehind({}, header);
    expect(e).toMatchObject({ HTTP_HOST: "bank.test", SCRIPT_NAME: "", PATH_INFO: "/reset" });
    expect(e.SERVER_PORT).not.toBe("8443");
  });

  it("walks X-Forwarded-For from the right, skipping trusted proxies", async () => {
    const trusted = new Set(["127.0.0.1", "10.0.0.2", "10.0.0.3"]);
    const e = await environBehind({ trustProxy: (a) => trusted.has(a) }, "X-Forwarded-For: 6.6.6.6, 198.51.100.1, 10.0.0.2, 10.0.0.3\r\n");
    expect(e.REMOTE_ADDR).toBe("198.51.100.1");
  });
});

describe("proxy trust: every forwarded address is an IP", () => {
  it("ignores an X-Forwarded-For entry that is a forged log line, and logs it once, escaped", async () => {
    const forged = '10.9.8.7 - admin [01/Jan/2026:00:00:00 +0000] "GET /admin HTTP/1.1" 200 1';
    const s = await start(echo, { trustProxy: (addr) => addr === "127.0.0.1" });
    for (let i = 0; i < 3; i++) {
      const reply = await rawExchange(s.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${forged}\r\nConnection: close\r\n\r\n`);
      expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4)).REMOTE_ADDR).toBe("127.0.0.1");
    }
    const log = s.errors.join("");
    expect(log.match(/malformed X-Forwarded-For/g)).toHaveLength(1);
    expect(log).toContain('\\"GET /admin HTTP/1.1\\"');
  });

  it.each([
    ["unknown", "127.0.0.1", null],
    ["_hidden", "127.0.0.1", null],
    ["203.0.113.7:4711", "203.0.113.7", "4711"],
    ["[2001:db8::1]:80", "2001:db8::1", "80"],
    ["2001:db8::1", "2001:db8::1", null],
    ["999.1.1.1", "127.0.0.1", null],
    ["203.0.113.7:port", "127.0.0.1", null],
  ])("takes X-Forwarded-For %j as REMOTE_ADDR %j", async (value, addr, port) => {
    const e = await environBehind({}, `X-Forwarded-For: ${value}\r\n`);
    expect(e.REMOTE_ADDR).toBe(addr);
    if (port !== null) expect(e.REMOTE_PORT).toBe(port);
  });
});

describe("proxy trust: headers named by forwardedHeaders", () => {
  it("believes Forwarded when named, still parsing every for= as an IP", async () => {
    const e = await environBehind({ forwardedHeaders: ["forwarded"] }, 'Forwarded: for="[2001:db8::1]:4711";proto=https;host=example.org\r\n');
    expect(e).toMatchObject({ REMOTE_ADDR: "2001:db8::1", REMOTE_PORT: "4711", HTTP_HOST: "example.org", "tsgi.url_scheme": "https" });
    const forged = await environBehind({ forwardedHeaders: ["forwarded"] }, 'Forwarded: for="evil - admin"\r\n');
    expect(forged.REMOTE_ADDR).toBe("127.0.0.1");
  });

  it("believes X-Forwarded-Host when named, but only a valid host", async () => {
    const named = { forwardedHeaders: ["x-forwarded-for", "x-forwarded-host"] } as const;
    expect((await environBehind(named, "X-Forwarded-Host: example.com\r\n")).HTTP_HOST).toBe("example.com");
    const bad = await environBehind(named, "X-Forwarded-Host: evil.test/?x\r\n");
    expect(bad.HTTP_HOST).toBe("bank.test");
    expect(bad.errors).toContain('malformed X-Forwarded-Host value from a trusted proxy: "evil.test/?x"');
  });

  it("sets SERVER_PORT and the port of HTTP_HOST from X-Forwarded-Port when named", async () => {
    const e = await environBehind({ forwardedHeaders: ["x-forwarded-port"] }, "X-Forwarded-Port: 8443\r\n");
    expect(e).toMatchObject({ SERVER_PORT: "8443", HTTP_HOST: "bank.test:8443" });
  });

  it.each([
    ["/app", "/app"],
    ["/app/", "/app"],
    ["/caf%C3%A9", "/caf\u00c3\u00a9"],
    ["/", ""],
  ])("moves X-Forwarded-Prefix %j into SCRIPT_NAME %j when named", async (prefix, scriptName) => {
    const e = await environBehind({ forwardedHeaders: ["x-forwarded-prefix"] }, `X-Forwarded-Prefix: ${prefix}\r\n`);
    expect(e).toMatchObject({ SCRIPT_NAME: scriptName, PATH_INFO: "/reset" });
  });

  it.each(["app", "/a?b", "/%zz"])("ignores the malformed X-Forwarded-Prefix %j", async (prefix) => {
    const e = await environBehind({ forwardedHeaders: ["x-forwarded-prefix"] }, `X-Forwarded-Prefix: ${prefix}\r\n`);
    expect(e.SCRIPT_NAME).toBe("");
  });

  it("believes nothing from a peer it does not trust, whatever is named", async () => {
    const e = await environBehind(
      { trustProxy: () => false, forwardedHeaders: ["x-forwarded-for", "x-forwarded-host", "x-forwarded-prefix", "forwarded"] },
      "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Host: evil.test\r\nX-Forwarded-Prefix: /evil\r\n",
    );
    expect(e).toMatchObject({ REMOTE_ADDR: "127.0.0.1", HTTP_HOST: "bank.test", SCRIPT_NAME: "" });
  });
});
