import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { App, Body, Environ } from "@tsgi/core";
import type { ResponseInfo } from "../src/index.js";
import { createRequestListener } from "../src/index.js";
import { deferred, enc, rawExchange, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

describe("requestTimeout", () => {
  it("answers 503 and logs when the app has not started its response in time, and keeps serving", async () => {
    const never = deferred<Body>();
    const s = await start(
      (environ, startResponse) => {
        if (environ.PATH_INFO === "/slow") return never.promise;
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [enc("fast")];
      },
      { requestTimeout: 50 },
    );
    const reply = await request(s.url, { path: "/slow" });
    expect(reply.status).toBe(503);
    expect(reply.body.toString()).toBe("Service Unavailable");
    expect(s.errors.join("")).toMatch(/not finished within 50 ms/);
    expect((await request(s.url)).body.toString()).toBe("fast");
  });

  it("closes a body that arrives after the timeout answered", async () => {
    const late = deferred<Body>();
    const closed = deferred();
    const s = await start(
      (_e, startResponse) =>
        late.promise.then((body) => {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          return body;
        }),
      { requestTimeout: 20 },
    );
    expect((await request(s.url)).status).toBe(503);
    late.resolve(Object.assign([enc("late")], { close: () => closed.resolve() }));
    await closed.promise;
  });

  it("aborts a response whose headers were sent, and closes its body once", async () => {
    let calls = 0;
    const closed = deferred();
    const s = await start(
      (_e, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        const never = new Promise<never>(() => {});
        return {
          async *[Symbol.asyncIterator]() {
            yield enc("started");
            await never;
          },
          close: () => {
            calls++;
            closed.resolve();
          },
        };
      },
      { requestTimeout: 50 },
    );
    await expect(request(s.url)).rejects.toThrow();
    await closed.promise;
    expect(calls).toBe(1);
  });
});

describe("trustProxy", () => {
  const echo: App = (environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "application/json"]]);
    const keys = ["REMOTE_ADDR", "REMOTE_PORT", "HTTP_HOST", "tsgi.url_scheme"] as const;
    return [enc(JSON.stringify(Object.fromEntries(keys.map((k) => [k, environ[k] ?? null]))))];
  };
  const seen = async (port: number, headers: string): Promise<Record<string, string | null>> => {
    const reply = await rawExchange(port, `GET / HTTP/1.1\r\nHost: internal:8000\r\n${headers}Connection: close\r\n\r\n`);
    return JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4)) as Record<string, string | null>;
  };

  it("applies X-Forwarded-For/-Proto/-Host from a trusted peer when all three are named", async () => {
    const s = await start(echo, {
      trustProxy: (addr) => addr === "127.0.0.1",
      forwardedHeaders: ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"],
    });
    const e = await seen(s.port, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: example.com\r\n");
    expect(e).toEqual({ REMOTE_ADDR: "203.0.113.7", REMOTE_PORT: null, HTTP_HOST: "example.com", "tsgi.url_scheme": "https" });
  });

  it("walks the chain only through trusted proxies, so clients cannot spoof their address", async () => {
    const trusted = new Set(["127.0.0.1", "10.0.0.2"]);
    const s = await start(echo, { trustProxy: (addr) => trusted.has(addr) });
    const e = await seen(s.port, "X-Forwarded-For: 6.6.6.6, 198.51.100.1, 10.0.0.2\r\n");
    expect(e.REMOTE_ADDR).toBe("198.51.100.1");
  });

  it("reads RFC 7239 Forwarded when named, and then it wins over X-Forwarded-*", async () => {
    const s = await start(echo, { trustProxy: () => true, forwardedHeaders: ["forwarded", "x-forwarded-for"] });
    const e = await seen(
      s.port,
      'Forwarded: for="[2001:db8::1]:4711";proto=https;host=example.org\r\nX-Forwarded-For: 192.0.2.9\r\n',
    );
    expect(e).toEqual({ REMOTE_ADDR: "2001:db8::1", REMOTE_PORT: "4711", HTTP_HOST: "example.org", "tsgi.url_scheme": "https" });
  });

  it("ignores forwarding headers from an untrusted peer", async () => {
    const s = await start(echo, { trustProxy: () => false });
    const e = await seen(s.port, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n");
    expect(e.REMOTE_ADDR).toBe("127.0.0.1");
    expect(e.HTTP_HOST).toBe("internal:8000");
    expect(e["tsgi.url_scheme"]).toBe("http");
  });

  it("ignores them by default", async () => {
    const s = await start(echo);
    expect((await seen(s.port, "X-Forwarded-For: 203.0.113.7\r\n")).REMOTE_ADDR).toBe("127.0.0.1");
  });
});

describe("onResponse", () => {
  it("reports status, body bytes and duration once per finished request", async () => {
    const infos: ResponseInfo[] = [];
    const s = await start(
      (environ, startResponse) => {
        if (environ.PATH_INFO === "/fail") throw new Error("nope");
        startResponse("201 Created", [["Content-Type", "text/plain"]]);
        return (async function* () {
          yield enc("abc");
          yield enc("de");
        })();
      },
      { onResponse: (info) => infos.push(info) },
    );
    await request(s.url, { path: "/made" });
    await request(s.url, { path: "/fail" });
    await new Promise((r) => setImmediate(r));
    expect(infos).toHaveLength(2);
    expect(infos[0]!.environ.PATH_INFO).toBe("/made");
    expect(infos[0]).toMatchObject({ status: 201, bytes: 5 });
    expect(infos[0]!.error).toBeUndefined();
    expect(infos[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(infos[1]).toMatchObject({ status: 500, bytes: 21 });
    expect((infos[1]!.error as Error).message).toBe("nope");
  });

  it("reports an aborted response with an error", async () => {
    const reported = deferred<ResponseInfo>();
    const s = await start(
      (_e, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return (async function* () {
          yield enc("first");
          await new Promise(() => {});
        })();
      },
      { onResponse: (info) => reported.resolve(info) },
    );
    const req = http.get(s.url, { agent: false }, (res) => res.once("data", () => req.destroy()));
    req.on("error", () => {});
    const info = await reported.promise;
    expect(info.bytes).toBe(5);
    expect(info.error).toBeInstanceOf(Error);
  });
});

describe("createRequestListener", () => {
  it("serves an app from a plain http.createServer", async () => {
    const seenEnv: Environ[] = [];
    const listener = createRequestListener((environ, startResponse) => {
      seenEnv.push(environ);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("plain")];
    });
    const server = http.createServer(listener);
    server.on("checkContinue", listener.checkContinue);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as { port: number }).port;
      expect((await request(`http://127.0.0.1:${port}`)).body.toString()).toBe("plain");
      expect(seenEnv[0]!.SERVER_PORT).toBe(String(port));
      expect(seenEnv[0]!.SERVER_NAME).toBe("127.0.0.1");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("rejects bad options with a TypeError naming the option", () => {
    const app: App = () => [];
    expect(() => createRequestListener(app, { maxBodySize: -1 })).toThrow(/maxBodySize/);
    expect(() => createRequestListener(app, { trustProxy: "yes" as never })).toThrow(/trustProxy/);
    expect(() => createRequestListener(app, { trustProxy: () => true, forwardedHeaders: ["x-real-ip" as never] })).toThrow(/forwardedHeaders: unknown header "x-real-ip"/);
    expect(() => createRequestListener("app" as never)).toThrow(TypeError);
  });
});
