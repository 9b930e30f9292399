// The listener runs apps in the check phase of the turn that parsed their
// requests (one batch per turn): order, disconnects and close() must hold.
import * as net from "node:net";
import type { App } from "@tsgi/core";
import { afterEach, describe, expect, it } from "vitest";
import { deferred, enc, rawExchange, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

const req = (path: string, extra = ""): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe("requests queued for the check phase", () => {
  it("answers 50 pipelined requests parsed in one turn in order, sync and async apps mixed", async () => {
    const s = await start(async (environ, startResponse) => {
      const n = Number(environ.PATH_INFO.slice(1));
      if (n % 3 === 0) await new Promise((r) => setTimeout(r, n % 7));
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return n % 2 === 0 ? [enc(`<${n}>`)] : (async function* () { await null; yield enc(`<${n}>`); })();
    });
    const paths = Array.from({ length: 50 }, (_, i) => `/${i}`);
    const raw = await rawExchange(s.port, paths.map((p, i) => req(p, i === 49 ? "Connection: close\r\n" : "")).join(""));
    const bodies = [...raw.matchAll(/<(\d+)>/g)].map((m) => Number(m[1]));
    expect(bodies).toEqual(paths.map((_, i) => i));
  });

  it("answers every one of 30 connections whose requests arrive in the same turn", async () => {
    const s = await start((_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("ok")];
    });
    const replies = await Promise.all(Array.from({ length: 30 }, () => rawExchange(s.port, req("/", "Connection: close\r\n"))));
    for (const reply of replies) expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/);
  });

  it("closes the body once when the client resets the connection while its request waits behind a busy app", async () => {
    let calls = 0;
    let closes = 0;
    const bodyClosed = deferred();
    const busy = deferred();
    const app: App = (environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      if (environ.PATH_INFO === "/busy") {
        // Blocks the loop so the next connection's request and its reset are read in one turn.
        busy.resolve();
        const until = Date.now() + 150;
        while (Date.now() < until);
        return [enc("done")];
      }
      calls++;
      return Object.assign(
        (async function* () {
          for (;;) {
            yield enc("tick\n");
            await new Promise((r) => setTimeout(r, 5));
          }
        })(),
        { close: () => { closes++; bodyClosed.resolve(); } },
      );
    };
    const s = await start(app, { raw: true });
    const first = rawExchange(s.port, req("/busy", "Connection: close\r\n"));
    await busy.promise;
    const gone = net.connect(s.port, "127.0.0.1", () => {
      // The request and the reset are both waiting when the loop is free again.
      gone.write(req("/stream"), () => setTimeout(() => gone.resetAndDestroy(), 20));
    });
    gone.on("error", () => {});
    await first;
    await Promise.race([bodyClosed.promise, new Promise((r) => setTimeout(r, 2_000))]);
    expect(closes).toBe(calls);
    expect(calls).toBe(1);
    const before = s.errors.length;
    await s.server.close({ timeout: 1_000 });
    expect(s.errors.slice(before).join("")).not.toMatch(/still pending/);
  });
});
