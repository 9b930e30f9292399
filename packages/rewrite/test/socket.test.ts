import * as http from "node:http";
import { createBrotliDecompress, createGunzip } from "node:zlib";
import { validate, type App } from "@tsgi/core";
import { makeServer } from "@tsgi/server";
import { describe, expect, it } from "vitest";
import { compress, rewriteText } from "../src/index.js";
import { CloseCounter, enc } from "./helpers.js";

/**
 * An SSE app that sends event i+1 only once the test has decoded event i. If
 * anything between them buffered, the test would wait forever instead of
 * passing: arrival event by event is proven without measuring time.
 */
function gatedEvents(count: number, counter: CloseCounter): { app: App; received: (i: number) => void } {
  const gates = Array.from({ length: count }, () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const app: App = (_environ, startResponse) =>
    counter.track(
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/event-stream"]]);
        for (let i = 0; i < count; i++) {
          yield enc(`data: event ${i}\n\n`);
          await gates[i]!.promise;
        }
      })(),
    );
  return { app, received: (i) => gates[i]!.resolve() };
}

/** Serves `app` validated, runs `use`, then checks the validator reported nothing. */
async function serve<T>(app: App, use: (url: string) => Promise<T>): Promise<T> {
  const log: string[] = [];
  const server = makeServer("127.0.0.1", 0, validate(app, { mode: "report" }), { errors: (text) => void log.push(text) });
  await server.listen();
  try {
    return await use(server.url);
  } finally {
    await server.close({ timeout: 2000 });
    expect(log.filter((line) => line.includes("tsgi.validate"))).toEqual([]);
  }
}

function request(url: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, { headers }, resolve).on("error", reject));
}

describe("over a real socket", () => {
  it.each([
    ["gzip", createGunzip],
    ["br", createBrotliDecompress],
  ] as const)("server-sent events arrive through compress (%s) one by one", async (coding, decoder) => {
    const counter = new CloseCounter();
    const { app, received } = gatedEvents(4, counter);
    const events = await serve(compress(app), async (url) => {
      const res = await request(url, { "Accept-Encoding": coding });
      expect(res.headers["content-encoding"]).toBe(coding);
      expect(res.headers["vary"]).toBe("Accept-Encoding");
      const seen: string[] = [];
      let text = "";
      for await (const chunk of res.pipe(decoder())) {
        text += (chunk as Buffer).toString();
        while (text.includes("\n\n")) {
          const at = text.indexOf("\n\n");
          seen.push(text.slice(0, at));
          text = text.slice(at + 2);
          received(seen.length - 1);
        }
      }
      return seen;
    });
    expect(events).toEqual(["data: event 0", "data: event 1", "data: event 2", "data: event 3"]);
    expect(counter.count).toBe(1);
  });

  it("a client that leaves mid-stream gets the wrapped body closed once", async () => {
    const counter = new CloseCounter();
    const endless: App = (_environ, startResponse) =>
      counter.track(
        (async function* () {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          for (;;) {
            yield enc("x".repeat(16384));
            await new Promise((resolve) => setImmediate(resolve));
          }
        })(),
      );
    await serve(compress(rewriteText(endless, { replace: [["xx", "yy"]] })), async (url) => {
      const res = await request(url, { "Accept-Encoding": "gzip" });
      await new Promise<void>((resolve) => res.once("data", () => resolve()));
      res.destroy();
      for (let i = 0; i < 200 && counter.count === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(counter.count).toBe(1);
  });
});
