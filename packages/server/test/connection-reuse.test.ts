import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "@tsgi/core";
import { deferred, enc, rawExchange, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Splits what arrived on one connection into responses, honouring each one's
 * framing (Content-Length, chunked, or none for HEAD/204/304): bodies that
 * bled into each other would break the parse.
 */
function parseResponses(raw: string, heads: boolean[] = []): Parsed[] {
  const out: Parsed[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf("\r\n\r\n", at);
    if (end === -1) throw new Error(`incomplete head at ${at}: ${JSON.stringify(raw.slice(at, at + 80))}`);
    const lines = raw.slice(at, end).split("\r\n");
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(lines[0]!)?.[1]);
    if (Number.isNaN(status)) throw new Error(`not a status line: ${JSON.stringify(lines[0])}`);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    at = end + 4;
    let body = "";
    if (heads[out.length] === true || status === 204 || status === 304 || status < 200) {
      // no body
    } else if (headers["transfer-encoding"] === "chunked") {
      for (;;) {
        const lineEnd = raw.indexOf("\r\n", at);
        const size = parseInt(raw.slice(at, lineEnd), 16);
        if (Number.isNaN(size) || lineEnd === -1) throw new Error(`bad chunk size at ${at}`);
        at = lineEnd + 2;
        if (size === 0) {
          at += 2;
          break;
        }
        body += raw.slice(at, at + size);
        at += size + 2;
      }
    } else {
      const length = Number(headers["content-length"] ?? 0);
      body = raw.slice(at, at + length);
      at += length;
    }
    out.push({ status, headers, body });
  }
  return out;
}

/** Answers with its path in several pieces, some after a delay, so pipelined responses overlap in time. */
const echoPath: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  const path = environ.PATH_INFO;
  return (async function* () {
    yield enc(`<${path}`);
    if (path.startsWith("/slow")) await new Promise((resolve) => setTimeout(resolve, 20));
    yield enc(`${"-".repeat(path.length * 1000)}>`);
  })();
};

const req = (method: string, path: string, extra = ""): string => `${method} ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
const last = (method: string, path: string): string => req(method, path, "Connection: close\r\n");

describe("several requests on one keep-alive connection", () => {
  it("answers pipelined requests in order without mixing their bodies", async () => {
    const s = await start(echoPath);
    const raw = await rawExchange(s.port, req("GET", "/slow1") + req("GET", "/2") + req("GET", "/slow33") + last("GET", "/4"));
    const bodies = parseResponses(raw).map((r) => r.body);
    expect(bodies).toEqual(["/slow1", "/2", "/slow33", "/4"].map((p) => `<${p}${"-".repeat(p.length * 1000)}>`));
  });

  it("answers a HEAD and then a GET on the same connection, the HEAD without a body", async () => {
    const s = await start((environ, startResponse) => {
      if (environ.PATH_INFO === "/array") {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [enc("array body")];
      }
      return echoPath(environ, startResponse);
    });
    const raw = await rawExchange(s.port, req("HEAD", "/stream") + req("HEAD", "/array") + req("GET", "/array") + last("GET", "/x"));
    const responses = parseResponses(raw, [true, true]);
    expect(responses.map((r) => [r.status, r.body])).toEqual([
      [200, ""],
      [200, ""],
      [200, "array body"],
      [200, `<${"/x"}${"-".repeat(2000)}>`],
    ]);
    expect(responses[1]!.headers["content-length"]).toBe("10");
  });

  it("parses the request after an unread body correctly", async () => {
    const s = await start(echoPath);
    const body = "GET /inside-the-body HTTP/1.1\r\nHost: x\r\n\r\n";
    const raw = await rawExchange(
      s.port,
      req("POST", "/first", `Content-Length: ${body.length}\r\n`) + body + last("GET", "/second"),
    );
    expect(parseResponses(raw).map((r) => r.body.slice(0, 8))).toEqual(["</first-", "</second"]);
  });

  it("serves the next request after the app read only part of the body", async () => {
    const s = await start(async (environ, startResponse) => {
      if (environ.REQUEST_METHOD === "POST") await environ["tsgi.input"].read(5);
      return echoPath(environ, startResponse);
    });
    const socket = net.connect(s.port, "127.0.0.1");
    socket.setEncoding("latin1");
    let received = "";
    const answered = deferred();
    socket.on("data", (d: string) => {
      received += d;
      if (received.includes("</first") && received.endsWith("0\r\n\r\n")) answered.resolve();
    });
    const closed = new Promise((resolve) => socket.on("close", resolve));
    // A client that sends the body in two parts, the second after the app has answered.
    socket.write(req("POST", "/first", "Content-Length: 50000\r\n") + "x".repeat(1000));
    await answered.promise;
    socket.write("y".repeat(49_000));
    socket.write(last("GET", "/second"));
    await closed;
    const responses = parseResponses(received);
    // The unread rest is small enough to discard, so the server kept the connection.
    expect(responses[0]!.headers.connection).toBe("keep-alive");
    expect(responses.map((r) => r.body.slice(0, 8))).toEqual(["</first-", "</second"]);
  });
});

describe("a request queued behind a response that closes the connection", () => {
  it("has its body closed once and leaves nothing for close() to wait for", async () => {
    const closed = deferred();
    let closes = 0;
    const s = await start(async (environ, startResponse) => {
      if (environ.PATH_INFO === "/first") return echoPath(environ, startResponse);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      if (environ.PATH_INFO === "/array") return [enc("never sent")];
      return {
        async *[Symbol.asyncIterator]() {
          for (;;) yield new Uint8Array(64 * 1024);
        },
        close: () => {
          closes++;
          closed.resolve();
        },
      };
    });
    // HTTP/1.0 cannot be chunked, so the streamed first response ends by closing
    // the connection, and the requests pipelined behind it are never answered.
    const raw = await rawExchange(
      s.port,
      "GET /first HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /endless HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" +
        "GET /array HTTP/1.0\r\n\r\n",
    );
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    await closed.promise;
    expect(closes).toBe(1);
    const before = s.errors.length;
    await s.server.close({ timeout: 1_000 });
    expect(s.errors.slice(before).join("")).not.toMatch(/still pending/);
  });
});

describe("broken request bodies", () => {
  /** Reads the whole input; reports how the read ended through `outcome`. */
  function bodyReader(): { app: App; outcome: Promise<string> } {
    const outcome = deferred<string>();
    const app: App = async (environ, startResponse) => {
      if (environ.PATH_INFO === "/upload") {
        try {
          const bytes = await environ["tsgi.input"].read();
          outcome.resolve(`read ${bytes.byteLength}`);
        } catch (error) {
          outcome.resolve(`rejected ${(error as Error).message}`);
          throw error;
        }
      }
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("ok")];
    };
    return { app, outcome: outcome.promise };
  }

  it("rejects the app's read and answers 400 to a chunked upload with a bad chunk size", async () => {
    const { app, outcome } = bodyReader();
    const s = await start(app, { raw: true });
    const reply = await rawExchange(
      s.port,
      req("POST", "/upload", "Transfer-Encoding: chunked\r\n") + "3\r\nabc\r\nzz\r\nmore\r\n0\r\n\r\n",
    );
    expect(await outcome).toMatch(/^rejected /);
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(s.errors.join("")).not.toMatch(/error in the app/);
    expect((await request(s.url)).body.toString()).toBe("ok");
  });

  it("rejects the app's read when the client sends fewer bytes than its Content-Length and closes", async () => {
    const { app, outcome } = bodyReader();
    const s = await start(app, { raw: true });
    const socket = net.connect(s.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.end(req("POST", "/upload", "Content-Length: 100\r\n") + "only ten..");
    expect(await outcome).toMatch(/^rejected /);
    socket.destroy();
    expect((await request(s.url)).body.toString()).toBe("ok");
  });
});
