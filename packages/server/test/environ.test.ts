import { afterEach, describe, expect, it } from "vitest";
import { rawExchange, request, recorder, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

describe("environ", () => {
  it("holds the CGI keys and tsgi keys SPEC §3 requires", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    await request(s.url, { path: "/a/b?x=1&y=%20" });
    const e = seen[0]!;
    expect(e.REQUEST_METHOD).toBe("GET");
    expect(e.SCRIPT_NAME).toBe("");
    expect(e.PATH_INFO).toBe("/a/b");
    expect(e.QUERY_STRING).toBe("x=1&y=%20");
    expect(e.SERVER_NAME).toBe("127.0.0.1");
    expect(e.SERVER_PORT).toBe(String(s.port));
    expect(e.SERVER_PROTOCOL).toBe("HTTP/1.1");
    expect(e.REMOTE_ADDR).toBe("127.0.0.1");
    expect(e.REMOTE_PORT).toMatch(/^\d+$/);
    expect(e.HTTP_HOST).toBe(`127.0.0.1:${s.port}`);
    expect(e["tsgi.version"]).toEqual([1, 0]);
    expect(e["tsgi.url_scheme"]).toBe("http");
    expect(e["tsgi.multithread"]).toBe(false);
    expect(e["tsgi.multiprocess"]).toBe(false);
    expect(e["tsgi.run_once"]).toBe(false);
    expect(e["tsgi.raw_uri"]).toBe("/a/b?x=1&y=%20");
    expect(e.CONTENT_LENGTH).toBeUndefined();
    expect(e.CONTENT_TYPE).toBeUndefined();
  });

  it("percent-decodes PATH_INFO to latin-1, %2F included, and keeps the query raw", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    await request(s.url, { path: "/caf%C3%A9/a%2Fb/%7e?q=caf%C3%A9" });
    expect(seen[0]!.PATH_INFO).toBe("/caf\u00c3\u00a9/a/b/~");
    expect(seen[0]!.QUERY_STRING).toBe("q=caf%C3%A9");
  });

  it("answers 400 to invalid percent-encoding without calling the app", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await request(s.url, { path: "/bad%zzpath" });
    expect(reply.status).toBe(400);
    expect(seen).toHaveLength(0);
    expect(reply.body.toString()).toBe("Bad Request");
  });

  it("joins repeated headers with ', ', Cookie with '; ', and drops names containing '_'", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    await rawExchange(
      s.port,
      "GET / HTTP/1.1\r\nHost: x\r\nX-Thing: a\r\nx-thing: b\r\nCookie: a=1\r\nCookie: b=2\r\n" +
        "X_Sneaky: evil\r\nX-Sneaky: good\r\nConnection: close\r\n\r\n",
    );
    const e = seen[0]!;
    expect(e.HTTP_X_THING).toBe("a, b");
    expect(e.HTTP_COOKIE).toBe("a=1; b=2");
    expect(e.HTTP_X_SNEAKY).toBe("good");
  });

  it("gives the body's headers as CONTENT_LENGTH and CONTENT_TYPE, never HTTP_CONTENT_*", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    await request(s.url, { method: "POST", body: "hello", headers: { "Content-Type": "text/plain; charset=utf-8" } });
    const e = seen[0]!;
    expect(e.CONTENT_LENGTH).toBe("5");
    expect(e.CONTENT_TYPE).toBe("text/plain; charset=utf-8");
    expect(e.HTTP_CONTENT_LENGTH).toBeUndefined();
    expect(e.HTTP_CONTENT_TYPE).toBeUndefined();
  });

  it("keeps header values as latin-1 byte strings", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    await rawExchange(
      s.port,
      Buffer.concat([Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nX-Name: "), Buffer.from("é", "utf8"), Buffer.from("\r\nConnection: close\r\n\r\n")]),
    );
    expect(seen[0]!.HTTP_X_NAME).toBe("\u00c3\u00a9");
  });

  it("reports the protocol the client used", async () => {
    const { app, seen } = recorder();
    const s = await start(app);
    const reply = await rawExchange(s.port, "GET /old HTTP/1.0\r\nHost: x\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(seen[0]!.SERVER_PROTOCOL).toBe("HTTP/1.0");
  });
});
