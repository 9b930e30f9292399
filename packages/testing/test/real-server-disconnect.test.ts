import { request } from "node:http";
import { callApp, catchBody, mapBody, onBodyEnd, respond, transformBody, validate, type App, type Middleware } from "@tsgi/core";
import { makeServer } from "@tsgi/server";
import { describe, expect, it } from "vitest";
import { deferred, utf8 } from "./helpers.js";

/** An endless stream that records its close(). */
function endless(closed: () => void): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    let stopped = false;
    const body = (async function* () {
      while (!stopped) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield utf8.encode("tick\n");
      }
    })();
    return Object.assign(body, {
      close: () => {
        stopped = true;
        closed();
      },
    });
  };
}

const WRAPPERS: [string, Middleware][] = [
  ["mapBody", (app) => async (environ, sr) => {
    const r = await callApp(app, environ);
    return respond(sr, r.status, r.headers, mapBody(r.body, (c) => c));
  }],
  ["transformBody", (app) => async (environ, sr) => {
    const r = await callApp(app, environ);
    return respond(sr, r.status, r.headers, transformBody(r.body, { transform: (c) => c }));
  }],
  ["catchBody", (app) => async (environ, sr) => catchBody(await app(environ, sr), (error) => {
    throw error;
  })],
  ["onBodyEnd", (app) => async (environ, sr) => onBodyEnd(await app(environ, sr), () => {})],
];

describe("over a real @tsgi/server socket", () => {
  it.each(WRAPPERS)("a client leaving mid-stream through %s logs no [body.iterator-return] and closes the inner body once", async (_name, mw) => {
    const log: string[] = [];
    let closes = 0;
    const innerClosed = deferred();
    const app = validate(mw(validate(endless(() => {
      closes++;
      innerClosed.resolve();
    }))));
    const server = makeServer("127.0.0.1", 0, app, { errors: (text) => void log.push(text) });
    await server.listen();
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request(`${server.url}/`, (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        });
        req.on("error", () => {});
        req.once("error", reject);
        req.end();
      });
      await innerClosed.promise;
      // Let a late close() failure, if any, reach the log.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await server.close();
    }
    expect(log.join("")).not.toContain("body.iterator-return");
    expect(log.join("")).not.toContain("close() failed");
    expect(closes).toBe(1);
  });
});
