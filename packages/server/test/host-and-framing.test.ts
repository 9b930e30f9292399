import { afterEach, describe, expect, it } from "vitest";
import { rawExchange, recorder, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

// Issue #14 items 2 and 8, over a real socket: the server refuses these before the app runs.

const head = (target: string, headers: string, method = "GET"): string =>
  `${method} ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;

describe("Host validation", () => {
  it.each([
    ["two Host fields", "Host: bank.test\r\nHost: evil.test\r\n"],
    ["a path and query in Host", "Host: evil.test/?\r\n"],
    ["userinfo in Host", "Host: user@evil.test\r\n"],
    ["whitespace inside Host", "Host: a b\r\n"],
    ["a port with a letter", "Host: evil.test:99999x\r\n"],
  ])("answers 400 to %s without calling the app", async (_what, headers) => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await rawExchange(s.port, head("/reset", headers));
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(seen).toHaveLength(0);
  });

  it("gives the app the absolute-form target's authority as HTTP_HOST, not the Host field", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await rawExchange(s.port, head("http://bank.test:8080/reset", "Host: evil.test\r\n"));
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen[0]!.HTTP_HOST).toBe("bank.test:8080");
  });

  it("answers 400 to an absolute-form target with userinfo in its authority", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    expect(await rawExchange(s.port, head("http://user@evil.test/x", "Host: bank.test\r\n"))).toMatch(/^HTTP\/1\.1 400 /);
    expect(seen).toHaveLength(0);
  });
});

describe("Transfer-Encoding", () => {
  const chunked = "3\r\nabc\r\n0\r\n\r\n";
  it.each([
    ["gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n"],
    ["gzip then chunked in two fields", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"],
  ])("answers 501 to %s without calling the app", async (_what, te) => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await rawExchange(s.port, `POST / HTTP/1.1\r\nHost: x\r\n${te}\r\n${chunked}`);
    expect(reply).toMatch(/^HTTP\/1\.1 501 Not Implemented\r\n/);
    expect(reply).toMatch(/\r\nConnection: close\r\n/i);
    expect(seen).toHaveLength(0);
  });

  it("answers 400 to Transfer-Encoding in an HTTP/1.0 request", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await rawExchange(s.port, `POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`);
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(seen).toHaveLength(0);
  });

  it("still takes a plain chunked body", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await rawExchange(s.port, `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked}`);
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen).toHaveLength(1);
  });
});
