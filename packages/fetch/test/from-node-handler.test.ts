import { afterEach, describe, expect, it } from "vitest";
import express from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { toFetchHandler } from "../src/index.js";
import { fromNodeHandler, type NodeHandlerApp } from "../src/node.js";
import { callDirect, decode, deferred, encode, makeEnviron } from "./helpers.js";

const opened: (NodeHandlerApp | TsgiServer)[] = [];
function track<T extends NodeHandlerApp | TsgiServer>(value: T): T {
  opened.push(value);
  return value;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

function expressApp(): express.Express {
  const app = express();
  app.get("/where", (req, res) => {
    res.json({ url: req.url, baseUrl: req.baseUrl, originalUrl: req.originalUrl, path: req.path, ip: req.ip, protocol: req.protocol, host: req.get("host") });
  });
  app.get("/cookies", (_req, res) => {
    res.cookie("a", "1");
    res.cookie("b", "2");
    res.status(202).send("cookies");
  });
  app.post("/count", async (req, res) => {
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of req) {
      bytes += (chunk as Buffer).byteLength;
      chunks++;
    }
    res.json({ bytes, chunks, length: req.get("content-length") ?? null });
  });
  return app;
}

describe("fromNodeHandler with Express", () => {
  it("shows Express the mounted view: url, baseUrl, originalUrl, ip and protocol", async () => {
    const app = track(fromNodeHandler(expressApp()));
    const environ = makeEnviron("/express/where?x=1", { mount: 1, remoteAddr: "10.0.0.9" });
    environ["tsgi.url_scheme"] = "https";
    const result = await callDirect(app, environ);
    expect(result.status).toBe("200 OK");
    expect(JSON.parse(decode(Buffer.concat(result.chunks)))).toEqual({
      url: "/where?x=1",
      baseUrl: "/express",
      originalUrl: "/express/where?x=1",
      path: "/where",
      ip: "10.0.0.9",
      protocol: "https",
      host: "example.com",
    });
  });

  it("keeps every Set-Cookie and the status, and drops hop-by-hop headers and Date", async () => {
    const app = track(fromNodeHandler(expressApp()));
    const result = await callDirect(app, makeEnviron("/cookies"));
    expect(result.status).toBe("202 Accepted");
    expect(result.headers.filter(([n]) => n.toLowerCase() === "set-cookie").map(([, v]) => v)).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    const names = result.headers.map(([n]) => n.toLowerCase());
    expect(names).not.toContain("connection");
    expect(names).not.toContain("transfer-encoding");
    expect(names).not.toContain("date");
  });

  it("streams a request body in without collecting it first", async () => {
    const app = track(fromNodeHandler(expressApp()));
    const parts = Array.from({ length: 20 }, () => new Uint8Array(16 * 1024).fill(97));
    const result = await callDirect(app, makeEnviron("/count", { method: "POST", body: parts, headers: { "Content-Length": String(20 * 16 * 1024) } }));
    const counted = JSON.parse(decode(Buffer.concat(result.chunks)));
    expect(counted.bytes).toBe(20 * 16 * 1024);
    expect(counted.length).toBe(String(20 * 16 * 1024));
    expect(counted.chunks).toBeGreaterThan(1);
  });

  it("streams a chunked upload when there is no Content-Length", async () => {
    const app = track(fromNodeHandler(expressApp()));
    const result = await callDirect(app, makeEnviron("/count", { method: "POST", body: [encode("abc"), encode("defg")] }));
    expect(JSON.parse(decode(Buffer.concat(result.chunks)))).toMatchObject({ bytes: 7, length: null });
  });

  it("answers a handler that ignores a large upload, and keeps serving", async () => {
    const app = track(
      fromNodeHandler((_req, res) => {
        res.writeHead(413, { "content-type": "text/plain" });
        res.end("too big");
      }),
    );
    const parts = Array.from({ length: 64 }, () => new Uint8Array(64 * 1024));
    const result = await callDirect(app, makeEnviron("/up", { method: "POST", body: parts, headers: { "Content-Length": String(64 * 64 * 1024) } }));
    expect(result.status).toBe("413 Payload Too Large");
    expect(decode(Buffer.concat(result.chunks))).toBe("too big");
    const again = await callDirect(app, makeEnviron("/up", { method: "POST", body: [encode("x")] }));
    expect(again.status).toBe("413 Payload Too Large");
  });

  it("answers HEAD with headers and no body", async () => {
    const app = track(fromNodeHandler(expressApp()));
    const result = await callDirect(app, makeEnviron("/cookies", { method: "HEAD" }));
    expect(result.status).toBe("202 Accepted");
    expect(result.chunks).toEqual([]);
  });

  it("passes Express's own 404 through", async () => {
    const app = track(fromNodeHandler(expressApp()));
    const result = await callDirect(app, makeEnviron("/missing"));
    expect(result.status).toBe("404 Not Found");
  });
});

describe("fromNodeHandler with a plain node:http handler", () => {
  it("streams the response: a chunk arrives before the handler has finished", async () => {
    const release = deferred();
    const app = track(
      fromNodeHandler((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("early");
        void release.promise.then(() => res.end("late"));
      }),
    );
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    expect(decode((await reader.read()).value!)).toBe("early");
    release.resolve();
    let rest = "";
    for (let step = await reader.read(); !step.done; step = await reader.read()) rest += decode(step.value);
    expect(rest).toBe("late");
  });

  it("rejects with the handler's own error when it throws before responding", async () => {
    const app = track(
      fromNodeHandler(() => {
        throw new Error("sync handler failure");
      }),
    );
    await expect(callDirect(app, makeEnviron("/"))).rejects.toThrow("sync handler failure");
    const logged: string[] = [];
    const response = await toFetchHandler(app, { errors: (t) => logged.push(t) })(new Request("http://example.com/"));
    expect(response.status).toBe(500);
    expect(logged.join("")).toContain("sync handler failure");
  });

  it("rejects with the error of an async handler", async () => {
    const app = track(
      fromNodeHandler(async () => {
        throw new Error("async handler failure");
      }),
    );
    await expect(callDirect(app, makeEnviron("/"))).rejects.toThrow("async handler failure");
  });

  it("breaks the body when the handler dies after sending headers", async () => {
    const app = track(
      fromNodeHandler((_req, res) => {
        res.writeHead(200);
        res.write("partial");
        setImmediate(() => res.destroy());
      }),
    );
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://example.com/"));
    await expect(response.text()).rejects.toThrow();
  });

  it("tells the handler the client left when the tsgi body is closed early", async () => {
    const closedEvent = deferred<string>();
    const app = track(
      fromNodeHandler((_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200);
        res.write("first");
        res.on("close", () => closedEvent.resolve(res.writableFinished ? "finished" : "aborted"));
      }),
    );
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(await closedEvent.promise).toBe("aborted");
  });

  it("aborts requests in flight on close() and refuses new ones", async () => {
    const started = deferred();
    const app = fromNodeHandler((_req, res) => {
      res.writeHead(200);
      res.write("x");
      started.resolve();
    });
    const response = await toFetchHandler(app, { errors: () => {} })(new Request("http://example.com/"));
    await started.promise;
    await app.close();
    await expect(response.text()).rejects.toThrow();
    await expect(callDirect(app, makeEnviron("/"))).rejects.toThrow(/closed/);
  });

  it("refuses a handler that is not a function", () => {
    expect(() => fromNodeHandler({} as unknown as () => void)).toThrow(TypeError);
  });
});

describe("fromNodeHandler behind the real tsgi server", () => {
  it("streams an upload from a real HTTP client into Express, with multiple Set-Cookie back", async () => {
    const ex = express();
    ex.post("/up", async (req, res) => {
      let bytes = 0;
      for await (const chunk of req) bytes += (chunk as Buffer).byteLength;
      res.cookie("n", String(bytes));
      res.cookie("m", "2");
      res.json({ bytes });
    });
    const app = track(fromNodeHandler(ex));
    const server = track(makeServer("127.0.0.1", 0, app, { errors: () => {} }));
    await server.listen();
    let sent = 0;
    const upload = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 10) return controller.close();
        sent++;
        controller.enqueue(new Uint8Array(1000).fill(98));
      },
    });
    const response = await fetch(`${server.url}/up`, { method: "POST", body: upload, duplex: "half" } as RequestInit);
    expect(await response.json()).toEqual({ bytes: 10_000 });
    expect(response.headers.getSetCookie()).toEqual(["n=10000; Path=/", "m=2; Path=/"]);
  });
});
