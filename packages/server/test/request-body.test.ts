import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readText, type App } from "@tsgi/core";
import { enc, rawExchange, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

/** Reads tsgi.input chunk by chunk and answers with the byte count and chunk stats. */
const counter: App = async (environ, startResponse) => {
  let bytes = 0;
  let chunks = 0;
  let largest = 0;
  for await (const chunk of environ["tsgi.input"]) {
    bytes += chunk.byteLength;
    chunks++;
    largest = Math.max(largest, chunk.byteLength);
  }
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  return [enc(JSON.stringify({ bytes, chunks, largest }))];
};

async function* upload(total: number, chunkSize: number): AsyncGenerator<Uint8Array> {
  const chunk = new Uint8Array(chunkSize).fill(120);
  for (let sent = 0; sent < total; sent += chunkSize) yield chunk;
}

/** Opens a connection, sends `head`, and lets the test read and write step by step. */
function conversation(port: number): { socket: net.Socket; next: (pattern: RegExp) => Promise<string> } {
  const socket = net.connect(port, "127.0.0.1");
  socket.setEncoding("latin1");
  let buffer = "";
  let waiting: { pattern: RegExp; resolve: (s: string) => void } | undefined;
  const check = (): void => {
    if (waiting === undefined) return;
    const m = waiting.pattern.exec(buffer);
    if (m === null) return;
    const upto = buffer.slice(0, m.index + m[0].length);
    buffer = buffer.slice(m.index + m[0].length);
    const { resolve } = waiting;
    waiting = undefined;
    resolve(upto);
  };
  socket.on("data", (d: string) => {
    buffer += d;
    check();
  });
  return {
    socket,
    next: (pattern) =>
      new Promise((resolve) => {
        waiting = { pattern, resolve };
        check();
      }),
  };
}

describe("tsgi.input", () => {
  it("streams a 50 MiB chunked upload to the app in small pieces instead of buffering it", async () => {
    const s = await start(counter);
    const total = 50 * 1024 * 1024;
    const reply = await request(s.url, { method: "POST", body: upload(total, 256 * 1024) });
    const result = JSON.parse(reply.body.toString()) as { bytes: number; chunks: number; largest: number };
    expect(result.bytes).toBe(total);
    expect(result.largest).toBeLessThanOrEqual(256 * 1024);
    expect(result.chunks).toBeGreaterThan(100);
  });

  it("ends at Content-Length, so reading to EOF is safe", async () => {
    const s = await start(async (environ, startResponse) => {
      const all = await environ["tsgi.input"].read();
      const again = await environ["tsgi.input"].read();
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc(`${all.byteLength}/${again.byteLength}`)];
    });
    const reply = await request(s.url, { method: "PUT", body: "x".repeat(1000) });
    expect(reply.body.toString()).toBe("1000/0");
  });

  it("is empty for a request without a body", async () => {
    const s = await start(async (environ, startResponse) => {
      const all = await environ["tsgi.input"].read();
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc(String(all.byteLength))];
    });
    expect((await request(s.url)).body.toString()).toBe("0");
  });
});

describe("Expect: 100-continue", () => {
  it("sends 100 Continue when the app first reads tsgi.input", async () => {
    const s = await start(counter);
    const { socket, next } = conversation(s.port);
    socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    expect(await next(/\r\n\r\n/)).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    socket.write("hello");
    const head = await next(/\r\n\r\n/);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await next(/}/)).toContain('"bytes":5');
    socket.destroy();
  });

  it("never sends 100 Continue to an app that answers without reading, and closes the connection", async () => {
    const s = await start((_environ, startResponse) => {
      startResponse("401 Unauthorized", [["Content-Type", "text/plain"]]);
      return [enc("no")];
    });
    const reply = await rawExchange(
      s.port,
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
    );
    expect(reply).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(reply).not.toContain("100 Continue");
    expect(reply).toMatch(/\r\nConnection: close\r\n/i);
  });
});

describe("maxBodySize", () => {
  it("answers 413 to a declared Content-Length over the limit without calling the app", async () => {
    let called = false;
    const s = await start(
      (environ, startResponse) => {
        called = true;
        return counter(environ, startResponse);
      },
      { maxBodySize: 100 },
    );
    const reply = await rawExchange(s.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 413 Content Too Large\r\n/);
    expect(reply).toMatch(/\r\nConnection: close\r\n/i);
    expect(called).toBe(false);
  });

  it("answers 413 when a chunked body passes the limit while the app reads it", async () => {
    const s = await start(counter, { maxBodySize: 100 });
    const reply = await request(s.url, { method: "POST", body: upload(1000, 10) });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe("close");
    expect(reply.body.toString()).toBe("Content Too Large");
  });

  it("answers 413 when the app's own readBody limit is passed", async () => {
    const s = await start(async (environ, startResponse) => {
      const text = await readText(environ, { limit: 10 });
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc(text)];
    });
    const reply = await request(s.url, { method: "POST", body: "x".repeat(100) });
    expect(reply.status).toBe(413);
  });

  it("lets bodies within the limit through", async () => {
    const s = await start(counter, { maxBodySize: 100 });
    const reply = await request(s.url, { method: "POST", body: upload(100, 10) });
    expect(JSON.parse(reply.body.toString())).toMatchObject({ bytes: 100 });
  });
});

describe("an unread request body", () => {
  const ignoresBody: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [enc("ignored")];
  };

  it("keeps the connection alive when it is small enough to discard", async () => {
    const s = await start(ignoresBody);
    const reply = await rawExchange(
      s.port,
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${"x".repeat(1000)}`,
      (received) => received.endsWith("ignored"),
    );
    expect(reply).toMatch(/\r\nConnection: keep-alive\r\n/i);
  });

  it("closes the connection after the response when it is large or of unknown length", async () => {
    const s = await start(ignoresBody);
    const big = await rawExchange(s.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\nxxxx");
    expect(big).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(big).toMatch(/\r\nConnection: close\r\n/i);
    const chunked = await rawExchange(s.port, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nxxxx\r\n");
    expect(chunked).toMatch(/\r\nConnection: close\r\n/i);
  });
});
