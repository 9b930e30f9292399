import * as http from "node:http";
import * as net from "node:net";
import { describe, expect, it } from "vitest";
import type { App } from "@tsgi/core";
import { makeServer, serve } from "../src/index.js";
import { deferred, enc, rawExchange, request } from "./helpers/server.js";
import { validated } from "./helpers/validated.js";

const hello: App = validated((_e, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [enc("hello")];
});

const quiet = { errors: () => {} };

describe("makeServer", () => {
  it("binds 127.0.0.1 when host is '' and reports its url and port", async () => {
    const server = makeServer("", 0, hello, quiet);
    try {
      const address = await server.listen();
      expect(address.address).toBe("127.0.0.1");
      expect(server.port).toBe(address.port);
      expect(server.url).toBe(`http://127.0.0.1:${address.port}`);
      expect((await request(server.url)).body.toString()).toBe("hello");
    } finally {
      await server.close();
    }
  });

  it("rejects listen() and serveForever() when the port is taken", async () => {
    const first = makeServer("127.0.0.1", 0, hello, quiet);
    await first.listen();
    const second = makeServer("127.0.0.1", first.port, hello, quiet);
    try {
      await expect(second.listen()).rejects.toThrow(/EADDRINUSE/);
      await expect(second.serveForever()).rejects.toThrow(/EADDRINUSE/);
      await second.close();
    } finally {
      await first.close();
    }
  });

  it("resolves serveForever() once closed, and refuses new connections after close()", async () => {
    const server = makeServer("127.0.0.1", 0, hello, quiet);
    await server.listen();
    const port = server.port;
    const forever = server.serveForever();
    await server.close();
    await forever;
    await expect(
      new Promise((resolve, reject) => net.connect(port, "127.0.0.1").on("connect", resolve).on("error", reject)),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it("closes idle keep-alive connections at once", async () => {
    const server = makeServer("127.0.0.1", 0, hello, quiet);
    await server.listen();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get(server.url, { agent }, (res) => res.resume().on("end", resolve)));
    await server.close({ timeout: 60_000 }); // would hang the test if the idle socket were waited for
    agent.destroy();
  });

  it("lets an in-flight streaming response finish when closed gracefully", async () => {
    const inside = deferred();
    const proceed = deferred();
    const app: App = validated((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield enc("begun;");
        inside.resolve();
        await proceed.promise;
        yield enc("finished");
      })();
    });
    const server = makeServer("127.0.0.1", 0, app, quiet);
    await server.listen();
    const reply = request(server.url);
    await inside.promise;
    const closing = server.close();
    proceed.resolve();
    expect((await reply).body.toString()).toBe("begun;finished");
    await closing;
  });

  it("tells a keep-alive client to go away when its response starts during close()", async () => {
    const inside = deferred();
    const proceed = deferred();
    const app: App = validated(async (_e, startResponse) => {
      inside.resolve();
      await proceed.promise;
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("bye")];
    });
    const server = makeServer("127.0.0.1", 0, app, quiet);
    await server.listen();
    const reply = rawExchange(server.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await inside.promise;
    const closing = server.close();
    proceed.resolve();
    expect(await reply).toMatch(/\r\nConnection: close\r\n[\s\S]*bye$/);
    await closing;
  });

  it("destroys what is still running after the timeout, closing the body", async () => {
    const inside = deferred();
    const closed = deferred();
    const app: App = validated((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return {
        async *[Symbol.asyncIterator]() {
          yield enc("forever");
          inside.resolve();
          await new Promise(() => {});
        },
        close: () => closed.resolve(),
      };
    });
    const server = makeServer("127.0.0.1", 0, app, quiet);
    await server.listen();
    const reply = request(server.url);
    reply.catch(() => {});
    await inside.promise;
    await server.close({ timeout: 30 });
    await closed.promise;
    await expect(reply).rejects.toThrow();
  });

  it("checks its arguments", () => {
    expect(() => makeServer("127.0.0.1", -1, hello)).toThrow(/port/);
    expect(() => makeServer(undefined as never, 0, hello)).toThrow(/host/);
  });
});

describe("serve", () => {
  it("resolves once listening, on 127.0.0.1 by default", async () => {
    const server = await serve(hello, { port: 0, ...quiet });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(server.url)).body.toString()).toBe("hello");
    } finally {
      await server.close();
    }
  });
});
