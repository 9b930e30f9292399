import { spawn } from "node:child_process";
import * as http from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Body } from "@tsgi/core";
import { deferred, enc, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

/** Starts a GET and resolves once its first body bytes arrived; `ended` says how the client saw the end. */
async function streaming(url: string): Promise<{ ended: Promise<string> }> {
  const ended = deferred<string>();
  await new Promise<void>((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.once("data", () => resolve());
      res.on("end", () => ended.resolve("clean end"));
      res.on("error", () => ended.resolve("aborted"));
    });
    req.on("error", () => ended.resolve("aborted"));
  });
  return { ended: ended.promise };
}

/** A body that sends one chunk and then waits forever on a next() that never settles. */
function stuckBody(close: () => void | Promise<void>): Body {
  return {
    async *[Symbol.asyncIterator]() {
      yield enc("first");
      await new Promise(() => {});
    },
    close,
  };
}

describe("TsgiServer.close({ timeout }) with a response that never ends", () => {
  it("destroys the connection after the timeout and has called the body's close() once when it resolves", async () => {
    let closes = 0;
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return stuckBody(() => void closes++);
    });
    const client = await streaming(s.url);
    await s.server.close({ timeout: 50 });
    expect(closes).toBe(1);
    expect(await client.ended).toBe("aborted");
  });

  it("waits for an async close() to settle before resolving", async () => {
    let settled = false;
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return stuckBody(async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        settled = true;
      });
    });
    await streaming(s.url);
    await s.server.close({ timeout: 50 });
    expect(settled).toBe(true);
  });

  it("resolves even when close() returns a promise that never settles, and logs it", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return stuckBody(() => new Promise<void>(() => {}));
    });
    await streaming(s.url);
    await s.server.close({ timeout: 50 });
    expect(s.errors.join("")).toMatch(/close\(\) .*still pending/);
  });

  it("has nothing left to wait for after requests of every kind finished", async () => {
    const s = await start(
      (environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        const close = async (): Promise<void> => {};
        switch (environ.PATH_INFO) {
          case "/array":
            return [enc("a")];
          case "/array-close":
            return Object.assign([enc("a")], { close });
          case "/fails":
            return (async function* () {
              yield enc("partial");
              throw new Error("mid-stream");
            })();
          case "/endless":
            return Object.assign(
              (async function* () {
                for (;;) yield new Uint8Array(64 * 1024);
              })(),
              { close },
            );
          default:
            return Object.assign(
              (async function* () {
                yield enc("s");
              })(),
              { close },
            );
        }
      },
      { raw: true, onResponse: () => {} },
    );
    for (const path of ["/array", "/array-close", "/stream", "/fails"]) {
      await request(s.url, { path }).catch(() => undefined);
      await request(s.url, { path, method: "HEAD" }).catch(() => undefined);
    }
    // A client that leaves mid-stream.
    await new Promise<void>((resolve) => {
      const req = http.get(`${s.url}/endless`, { agent: false }, (res) =>
        res.once("data", () => {
          req.destroy();
          resolve();
        }),
      );
      req.on("error", () => {});
    });
    const before = s.errors.length;
    // A leaked exchange would hold close() for the whole timeout and log it.
    await s.server.close({ timeout: 10_000 });
    expect(s.errors.slice(before).join("")).not.toMatch(/still pending/);
  });

  it("leaves nothing behind that keeps the process alive", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/close-and-exit.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    // Only a safety net against hanging the suite: the child should exit at once.
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    clearTimeout(kill);
    expect(code).toBe(0);
    expect(out).toBe("body closed\nserver closed\n");
  });
});
