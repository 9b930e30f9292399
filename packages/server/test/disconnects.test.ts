import * as http from "node:http";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { App, Body, Environ } from "@tsgi/core";
import { deferred, enc, request, start, stopAll, type Running } from "./helpers/server.js";

afterEach(stopAll);

/** What the app saw of its input, and how often its body was closed. */
interface Seen {
  firstRead: Promise<string>;
  secondRead: Promise<string>;
  closes: () => number;
  closed: Promise<void>;
}

const settle = (p: Promise<Uint8Array>): Promise<string> =>
  p.then(
    (bytes) => `resolved ${bytes.byteLength}`,
    (error: unknown) => `rejected ${(error as Error).message}`,
  );

/**
 * An app that reads its whole input, then reads once more, and answers with
 * a body that counts its close() calls. The /ok path answers at once.
 */
function reader(): { app: App; seen: Seen } {
  const first = deferred<string>();
  const second = deferred<string>();
  const closed = deferred();
  let closes = 0;
  const app: App = async (environ: Environ, startResponse) => {
    if (environ.PATH_INFO !== "/ok") {
      first.resolve(await settle(environ["tsgi.input"].read()));
      second.resolve(await settle(environ["tsgi.input"].read()));
    }
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    const body: Body = Object.assign([enc("done")], {
      close: () => {
        closes++;
        closed.resolve();
      },
    });
    return body;
  };
  return { app, seen: { firstRead: first.promise, secondRead: second.promise, closes: () => closes, closed: closed.promise } };
}

/** Opens a raw connection, sends `text`, and resolves with the socket once `until` arrived (or at once). */
async function send(port: number, text: string, until?: RegExp): Promise<net.Socket> {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  socket.write(text);
  if (until === undefined) return socket;
  let received = "";
  await new Promise<void>((resolve) => {
    socket.setEncoding("latin1").on("data", (d: string) => {
      received += d;
      if (until.test(received)) resolve();
    });
  });
  return socket;
}

/** Resolves when the next request arrives (`event` of the node server), then when the server's side of its socket has closed. */
function serverSocketClosed(s: Running, event: "request" | "checkContinue"): { arrived: Promise<void>; closed: Promise<void> } {
  const arrived = deferred();
  const closed = deferred();
  s.server.nodeServer.once(event, (req: http.IncomingMessage) => {
    arrived.resolve();
    req.socket.once("close", () => setImmediate(closed.resolve));
  });
  return { arrived: arrived.promise, closed: closed.promise };
}

async function expectStillServing(s: Running): Promise<void> {
  expect((await request(s.url, { path: "/ok" })).body.toString()).toBe("done");
}

describe("a client that vanishes mid-upload", () => {
  it.each([
    ["a Content-Length body", "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"],
    ["a chunked body", "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"],
  ])("makes the app's pending read of %s reject, and every later read too", async (_what, text) => {
    const { app, seen } = reader();
    const s = await start(app, { raw: true });
    const socket = await send(s.port, text);
    // Let the server take the partial body, then vanish.
    setTimeout(() => socket.destroy(), 20);
    expect(await seen.firstRead).toMatch(/^rejected /);
    // A second read must not pretend the body ended (SPEC [input.disconnect]).
    expect(await seen.secondRead).toMatch(/^rejected /);
    await seen.closed;
    expect(seen.closes()).toBe(1);
    await expectStillServing(s);
  });

  it("makes the read reject when the client leaves right after 100 Continue", async () => {
    const { app, seen } = reader();
    const s = await start(app, { raw: true });
    const socket = await send(
      s.port,
      "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n",
      /100 Continue\r\n\r\n/,
    );
    socket.destroy();
    expect(await seen.firstRead).toMatch(/^rejected /);
    expect(await seen.secondRead).toMatch(/^rejected /);
    await seen.closed;
    expect(seen.closes()).toBe(1);
    await expectStillServing(s);
  });

  it("makes a read that starts after the client left (still waiting for 100 Continue) reject", async () => {
    const gone = deferred();
    const read = deferred<string>();
    const s = await start(async (environ, startResponse) => {
      if (environ.PATH_INFO !== "/ok") {
        await gone.promise;
        read.resolve(await settle(environ["tsgi.input"].read()));
      }
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("done")];
    });
    const serverSideClosed = serverSocketClosed(s, "checkContinue");
    const socket = await send(s.port, "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n");
    await serverSideClosed.arrived;
    socket.destroy();
    await serverSideClosed.closed;
    gone.resolve();
    expect(await read.promise).toMatch(/^rejected /);
    await expectStillServing(s);
  });
});

describe("a client that vanishes before the app answers", () => {
  it("closes the body the app returns afterwards exactly once, without iterating it", async () => {
    const answer = deferred();
    const arrived = deferred();
    const closed = deferred();
    let closes = 0;
    let pulled = false;
    const s = await start(async (environ, startResponse) => {
      if (environ.PATH_INFO === "/ok") {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [enc("done")];
      }
      arrived.resolve();
      await answer.promise;
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return {
        async *[Symbol.asyncIterator]() {
          pulled = true;
          yield enc("too late");
        },
        close: () => {
          closes++;
          closed.resolve();
        },
      };
    });
    const serverSide = serverSocketClosed(s, "request");
    const req = http.get(`${s.url}/slow`, { agent: false });
    req.on("error", () => {});
    await arrived.promise;
    req.destroy();
    await serverSide.closed;
    answer.resolve();
    await closed.promise;
    expect(closes).toBe(1);
    expect(pulled).toBe(false);
    await expectStillServing(s);
  });
});

describe("a client that vanishes mid-download", () => {
  it("stops an endless sync generator body and closes it once", async () => {
    const closed = deferred();
    let closes = 0;
    let finallyRan = false;
    const s = await start((environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      if (environ.PATH_INFO === "/ok") return [enc("done")];
      const chunk = new Uint8Array(64 * 1024);
      const generator = (function* () {
        try {
          for (;;) yield chunk;
        } finally {
          finallyRan = true;
        }
      })();
      return {
        [Symbol.iterator]: () => generator,
        close: () => {
          closes++;
          closed.resolve();
        },
      };
    });
    await new Promise<void>((resolve) => {
      const req = http.get(`${s.url}/stream`, { agent: false }, (res) => {
        let received = 0;
        res.on("data", (d: Buffer) => {
          received += d.byteLength;
          if (received > 1024 * 1024) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on("error", () => {});
    });
    await closed.promise;
    expect(closes).toBe(1);
    expect(finallyRan).toBe(true);
    await expectStillServing(s);
  });
});

describe("a client that vanishes while the body's next() never settles", () => {
  it("closes a hand-written body without return() once and keeps serving", async () => {
    const closed = deferred();
    let closes = 0;
    let nexts = 0;
    const s = await start(
      (environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        if (environ.PATH_INFO === "/ok") return [enc("done")];
        const iterator: AsyncIterator<Uint8Array> = {
          next: () => (nexts++ === 0 ? Promise.resolve({ done: false, value: enc("first") }) : new Promise(() => {})),
        };
        return {
          [Symbol.asyncIterator]: () => iterator,
          close: () => {
            closes++;
            closed.resolve();
          },
        };
      },
      { raw: true },
    );
    await new Promise<void>((resolve) => {
      const req = http.get(`${s.url}/stuck`, { agent: false }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => {});
    });
    await closed.promise;
    expect(closes).toBe(1);
    expect(nexts).toBe(2);
    await expectStillServing(s);
  });
});

describe("a read of tsgi.input still pending when the response is over", () => {
  it("rejects when the request timeout answered 503 while the app waited for the body", async () => {
    const read = deferred<string>();
    const s = await start(
      async (environ, startResponse) => {
        if (environ.PATH_INFO !== "/ok") read.resolve(await settle(environ["tsgi.input"].read()));
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [enc("done")];
      },
      { raw: true, requestTimeout: 50 },
    );
    // A client that sends part of its body and then nothing, keeping the connection open.
    const socket = await send(s.port, "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc", /503 Service Unavailable/);
    expect(await read.promise).toMatch(/^rejected /);
    socket.destroy();
    await expectStillServing(s);
  });

  it("rejects a read the app left running after answering, even when the client then leaves", async () => {
    const read = deferred<string>();
    const s = await start(
      (environ, startResponse) => {
        if (environ.PATH_INFO !== "/ok") void settle(environ["tsgi.input"].read()).then(read.resolve);
        startResponse("202 Accepted", [["Content-Type", "text/plain"]]);
        return [enc("done")];
      },
      { raw: true },
    );
    const socket = await send(s.port, "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc", /done/);
    socket.destroy();
    expect(await read.promise).toMatch(/^rejected /);
    await expectStillServing(s);
  });
});
