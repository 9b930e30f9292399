import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { App, Body } from "@tsgi/core";
import { deferred, enc, rawExchange, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

const text = (status: string, chunks: string[], extra: [string, string][] = []): App => (_e, startResponse) => {
  startResponse(status, [["Content-Type", "text/plain"], ...extra]);
  return chunks.map(enc);
};

function generated(chunks: string[], headers: [string, string][] = [["Content-Type", "text/plain"]]): App {
  return (_e, startResponse) => {
    startResponse("200 OK", headers);
    return (async function* () {
      for (const c of chunks) yield enc(c);
    })();
  };
}

describe("response bodies", () => {
  it("sends every byte value unchanged, in small and large single-chunk bodies", async () => {
    const small = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    const s = await start((environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
      return [environ.PATH_INFO === "/large" ? large : small];
    });
    const a = await request(s.url);
    expect(a.headers["content-length"]).toBe("256");
    expect(new Uint8Array(a.body)).toEqual(small);
    const b = await request(s.url, { path: "/large" });
    expect(new Uint8Array(b.body)).toEqual(large);
  });

  it("streams: the first chunk reaches the client before the app produces the second", async () => {
    const firstArrived = deferred();
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield enc("first;");
        await firstArrived.promise;
        yield enc("second");
      })();
    });
    const body = await new Promise<string>((resolve, reject) => {
      http.get(s.url, { agent: false }, (res) => {
        let got = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          got += d;
          if (got === "first;") firstArrived.resolve();
        });
        res.on("end", () => resolve(got));
      }).on("error", reject);
    });
    expect(body).toBe("first;second");
  });

  it("sends a sync array with a computed Content-Length", async () => {
    const s = await start(text("200 OK", ["Hello ", "", "world"]));
    const reply = await request(s.url);
    expect(reply.headers["content-length"]).toBe("11");
    expect(reply.headers["transfer-encoding"]).toBeUndefined();
    expect(reply.body.toString()).toBe("Hello world");
  });

  it("uses chunked encoding when the length is unknown", async () => {
    const s = await start(generated(["a", "b", "c"]));
    const reply = await request(s.url);
    expect(reply.headers["transfer-encoding"]).toBe("chunked");
    expect(reply.body.toString()).toBe("abc");
  });

  it("honours the app's Content-Length on a streamed body", async () => {
    const s = await start(generated(["12345", "67890"], [["Content-Type", "text/plain"], ["Content-Length", "10"]]));
    const reply = await request(s.url);
    expect(reply.headers["content-length"]).toBe("10");
    expect(reply.headers["transfer-encoding"]).toBeUndefined();
    expect(reply.body.toString()).toBe("1234567890");
  });

  it("aborts the connection and logs when the body ends short of its Content-Length", async () => {
    const s = await start(generated(["12345"], [["Content-Type", "text/plain"], ["Content-Length", "10"]]), { raw: true });
    await expect(request(s.url)).rejects.toThrow();
    expect(s.errors.join("")).toMatch(/ended after 5 of the 10 bytes/);
  });

  it("never sends more bytes than the app's Content-Length", async () => {
    const s = await start(generated(["12345", "67890"], [["Content-Type", "text/plain"], ["Content-Length", "7"]]), { raw: true });
    const reply = await rawExchange(s.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(reply.endsWith("\r\n\r\n1234567")).toBe(true);
    expect(s.errors.join("")).toMatch(/longer than the 7 bytes/);
  });

  it("gives an empty body Content-Length: 0", async () => {
    const s = await start(generated([]));
    const reply = await request(s.url);
    expect(reply.headers["content-length"]).toBe("0");
    expect(reply.body.byteLength).toBe(0);
  });

  it("adds a Date header unless the app set one", async () => {
    const s = await start((environ, startResponse) => {
      const headers: [string, string][] = [["Content-Type", "text/plain"]];
      if (environ.PATH_INFO === "/dated") headers.push(["Date", "Thu, 01 Jan 1970 00:00:00 GMT"]);
      startResponse("200 OK", headers);
      return [enc("x")];
    });
    expect(new Date((await request(s.url)).headers.date!).getTime()).toBeGreaterThan(0);
    const dated = await request(s.url, { path: "/dated" });
    expect(dated.rawHeaders.filter((h) => h.toLowerCase() === "date")).toHaveLength(1);
    expect(dated.headers.date).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
  });

  it("keeps the app's status line and header order and spelling", async () => {
    const s = await start(text("299 Quite Fine", ["x"], [["Set-Cookie", "a=1"], ["set-cookie", "b=2"]]));
    const reply = await rawExchange(s.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 299 Quite Fine\r\nContent-Type: text\/plain\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n/);
  });
});

describe("responses without a body", () => {
  it("answers HEAD with the GET headers, no body, and closes the body unread", async () => {
    let closed = 0;
    let pulled = 0;
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      const body: Body = {
        *[Symbol.iterator]() {
          pulled++;
          yield enc("never sent");
        },
        close: () => {
          closed++;
        },
      };
      return body;
    });
    const reply = await rawExchange(s.port, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply.endsWith("\r\n\r\n")).toBe(true);
    expect(pulled).toBe(0);
    expect(closed).toBe(1);
  });

  it("gives HEAD on an array body the Content-Length GET would have", async () => {
    const s = await start(text("200 OK", ["Hello"]));
    const reply = await rawExchange(s.port, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/\r\nContent-Length: 5\r\n/);
    expect(reply.endsWith("\r\n\r\n")).toBe(true);
  });

  it.each(["204 No Content", "304 Not Modified"])("sends no body with %s", async (status) => {
    const s = await start((_e, startResponse) => {
      startResponse(status, []);
      return [];
    });
    const reply = await rawExchange(s.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(new RegExp(`^HTTP/1\\.1 ${status}\\r\\n`));
    expect(reply).not.toMatch(/Transfer-Encoding|Content-Length/i);
    expect(reply.endsWith("\r\n\r\n")).toBe(true);
  });
});
