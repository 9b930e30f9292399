import { spawn } from "node:child_process";
import type { App } from "@tsgi/core";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/run.js";
import { fixture, hammer, killChildren, pidsSeen, request } from "./helpers.js";

afterAll(killChildren);

const hello: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [new TextEncoder().encode(`in-process ${String(environ["tsgi.multiprocess"])}`)];
};

describe("run()", () => {
  it("serves an app function in this process with the CLI's limits", async () => {
    const server = await run({ app: hello, bind: "127.0.0.1:0", maxBodySize: "1k", signals: false, logLevel: "error" });
    try {
      expect(server.urls).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)]);
      const reply = await request(server.urls[0] + "/");
      expect(reply.body).toBe("in-process false");
      expect((await request(server.urls[0] + "/", { method: "POST", body: "x".repeat(2000) })).status).toBe(413);
    } finally {
      await server.close();
    }
    await server.closed;
    await expect(request(server.urls[0] + "/")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("refuses workers with an app function, and bad values with the CLI's message", async () => {
    await expect(run({ app: hello, workers: 2, signals: false })).rejects.toThrow(/workers, maxRequests and reload need `module`/);
    await expect(run({ app: hello, workers: "x" as never, signals: false })).rejects.toThrow(
      '--workers must be a positive integer or "auto", got "x"',
    );
    await expect(run({ signals: false })).rejects.toThrow(/exactly one of `app`/);
  });

  it("runs a module with a supervisor and workers, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [fixture("run-module.mjs")], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      let err = "";
      child.stdout.setEncoding("utf8");
      child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
      const urls = await new Promise<string[]>((resolve, reject) => {
        child.stdout.on("data", (d: string) => {
          out += d;
          if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!));
        });
        child.once("exit", () => reject(new Error("run-module.mjs exited early")));
      });
      const result = await hammer(urls[0]!, { total: 10, concurrency: 1 });
      expect(result.ok).toBe(10);
      expect((await pidsSeen(urls[0]!, 2)).size).toBe(2);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(out).toContain("closed");
      // logLevel "warning": the supervisor's INFO lines are not written.
      expect(err).not.toContain("[INFO]");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
