import { afterEach, describe, expect, it } from "vitest";
import { rawExchange, request, recorder, start, stopAll, type Running } from "./helpers/server.js";

afterEach(stopAll);

const get = (target: string, method = "GET", headers = ""): string =>
  `${method} ${target} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`;

async function expectStillServing(s: Running): Promise<void> {
  expect((await request(s.url)).status).toBe(200);
}

describe("hostile request-targets", () => {
  it.each([
    ["a NUL byte", "/%00", "/\0"],
    ["encoded ../ segments", "/..%2f..%2fetc/passwd", "/../../etc/passwd"],
    ["plain ../ segments", "/../../etc/passwd", "/../../etc/passwd"],
    ["overlong UTF-8 for '.'", "/%C0%AE%C0%AE/x", "/\xC0\xAE\xC0\xAE/x"],
    ["a double slash", "//double", "//double"],
    ["%2E%2E", "/a/%2E%2E/b", "/a/../b"],
  ])("passes %s to the app faithfully, neither normalised nor rejected", async (_what, target, pathInfo) => {
    const { app, seen } = recorder();
    const s = await start(app);
    expect(await rawExchange(s.port, get(target))).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.PATH_INFO).toBe(pathInfo);
    expect(seen[0]!["tsgi.raw_uri"]).toBe(target);
  });

  it.each([
    ["http://evil/", "/", ""],
    ["http://evil", "/", ""],
    ["http://evil?x=1", "/", "x=1"],
    ["https://evil:8443//a%20b?q", "//a b", "q"],
  ])("takes the path of the absolute-form target %s and keeps it in tsgi.raw_uri", async (target, pathInfo, query) => {
    const { app, seen } = recorder();
    const s = await start(app);
    expect(await rawExchange(s.port, get(target))).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen[0]).toMatchObject({ PATH_INFO: pathInfo, QUERY_STRING: query, "tsgi.raw_uri": target, SCRIPT_NAME: "" });
  });

  it("passes OPTIONS * with PATH_INFO '*'", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    expect(await rawExchange(s.port, get("*", "OPTIONS"))).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen[0]).toMatchObject({ REQUEST_METHOD: "OPTIONS", PATH_INFO: "*", SCRIPT_NAME: "" });
  });

  it.each(["GET", "POST", "HEAD"])("answers 400 to %s * without calling the app (PATH_INFO '*' is only for OPTIONS)", async (method) => {
    const { app, seen } = recorder();
    const s = await start(app, { raw: true });
    expect(await rawExchange(s.port, get("*", method))).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(seen).toEqual([]);
    await expectStillServing(s);
  });

  it.each([
    ["an invalid escape", "/%zz"],
    ["a truncated escape", "/a%4"],
    ["a fragment", "/a#frag"],
    ["a relative path", "a/b"],
    ["a scheme without authority", "http:/x"],
  ])("answers 400 to %s without calling the app", async (_what, target) => {
    const { app, seen } = recorder();
    const s = await start(app, { raw: true });
    expect(await rawExchange(s.port, get(target))).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(seen).toEqual([]);
    await expectStillServing(s);
  });

  it("answers 431 to a request-target longer than node's header limit and keeps serving", async () => {
    const { app, seen } = recorder();
    const s = await start(app, { raw: true });
    const reply = await rawExchange(s.port, get(`/${"a".repeat(20_000)}`));
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(seen).toEqual([]);
    await expectStillServing(s);
  });

  it("passes a long request-target within the limit through whole", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    const target = `/${"a".repeat(8_000)}?${"q".repeat(4_000)}`;
    expect(await rawExchange(s.port, get(target))).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen[0]!["tsgi.raw_uri"]).toBe(target);
  });
});

describe("hostile request lines and headers", () => {
  it.each([
    ["a method that is not a token", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["an unknown method", "BREW / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a raw non-ASCII byte in the target", "GET /caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a control character in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n"],
    ["a NUL in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"],
    ["a space before a header's colon", "GET / HTTP/1.1\r\nHost: x\r\nX-A : a\r\n\r\n"],
    ["an obsolete folded header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"],
    ["bare LF line endings", "GET / HTTP/1.1\nHost: x\n\n"],
    ["an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"],
  ])("answers 400 to %s without calling the app and keeps serving", async (_what, text) => {
    const { app, seen } = recorder();
    const s = await start(app, { raw: true });
    expect(await rawExchange(s.port, Buffer.from(text, "latin1"))).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(seen).toEqual([]);
    await expectStillServing(s);
  });

  it("drops header names with '_' so they cannot pose as their '-' twin", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    await rawExchange(s.port, get("/", "GET", "X_Forwarded_For: 6.6.6.6\r\nX-Forwarded-For: 1.2.3.4\r\nAuth_Token: t\r\n"));
    expect(seen[0]!.HTTP_X_FORWARDED_FOR).toBe("1.2.3.4");
    expect(Object.keys(seen[0]!).filter((k) => k.includes("AUTH"))).toEqual([]);
  });

  it.each([
    ["two different Content-Lengths", "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde"],
    ["two equal Content-Lengths", "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc"],
    ["Transfer-Encoding and Content-Length together", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"],
    ["a Transfer-Encoding that does not end in chunked", "Transfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n"],
    ["a negative Content-Length", "Content-Length: -1\r\n\r\n"],
    ["a Content-Length with a sign", "Content-Length: +3\r\n\r\nabc"],
    ["a Content-Length beyond 2^64", "Content-Length: 99999999999999999999\r\n\r\nab"],
  ])("answers 400 to %s and never passes the request on (no smuggling)", async (_what, rest) => {
    const { app, seen } = recorder();
    const s = await start(app, { raw: true });
    const smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    const reply = await rawExchange(s.port, `POST / HTTP/1.1\r\nHost: x\r\n${rest}${smuggled}`);
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).not.toContain("200 OK");
    expect(seen).toEqual([]);
    await expectStillServing(s);
  });
});

describe("hostile forwarding headers", () => {
  it("answers 500 instead of crashing when the trustProxy function throws on a forwarded address", async () => {
    const { app, seen } = recorder();
    const strictIp = (addr: string): boolean => {
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(addr)) throw new Error(`not an IPv4 address: ${addr}`);
      return addr === "127.0.0.1";
    };
    const s = await start(app, { raw: true, trustProxy: strictIp });
    const reply = await rawExchange(s.port, get("/", "GET", "X-Forwarded-For: 2001:db8::1\r\n"));
    expect(reply).toMatch(/^HTTP\/1\.1 500 /);
    expect(seen).toEqual([]);
    expect(s.errors.join("")).toContain("not an IPv4 address: 2001:db8::1");
    await expectStillServing(s);
  });
});
