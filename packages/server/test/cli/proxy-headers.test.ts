import type { App } from "@tsgi/core";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../../src/run.js";
import { killChildren, request, runTsgi, startTsgi } from "./helpers.js";

afterEach(killChildren);

// Issue #14 item 1 through the CLI: the defaults, and --forwarded-headers naming the opt-ins.

const spoof = {
  forwarded: "for=198.51.100.1;proto=https;host=evil.test",
  "x-forwarded-for": "203.0.113.7",
  "x-forwarded-proto": "http",
  "x-forwarded-host": "evil.test",
  "x-forwarded-prefix": "/shop",
};

const environOf = async (url: string, headers: Record<string, string>) =>
  JSON.parse((await request(url + "/environ", { headers })).body) as Record<string, unknown>;

describe("tsgi serve --proxy-headers", () => {
  it("believes only X-Forwarded-For and X-Forwarded-Proto by default", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--proxy-headers"]);
    const e = await environOf(tsgi.url, spoof);
    expect(e).toMatchObject({ REMOTE_ADDR: "203.0.113.7", scheme: "http", SCRIPT_NAME: "" });
    expect(e.HTTP_HOST).toBe(new URL(tsgi.url).host);
    expect(await tsgi.stop()).toBe(0);
  });

  it("believes X-Forwarded-Host and X-Forwarded-Prefix when --forwarded-headers names them", async () => {
    const tsgi = await startTsgi([
      "app.ts", "--bind", "127.0.0.1:0", "--forwarded-headers", "X-Forwarded-For,x-forwarded-host,x-forwarded-prefix",
    ]);
    const e = await environOf(tsgi.url, spoof);
    expect(e).toMatchObject({ REMOTE_ADDR: "203.0.113.7", HTTP_HOST: "evil.test", SCRIPT_NAME: "/shop", scheme: "http" });
    expect(await tsgi.stop()).toBe(0);
  });

  it("refuses an unknown --forwarded-headers name with one line and exit code 2", async () => {
    const r = await runTsgi(["serve", "app.ts", "--forwarded-headers", "x-forwarded-for,x-real-ip"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tsgi: error: --forwarded-headers: unknown header "x-real-ip"; known: x-forwarded-for, x-forwarded-proto, x-forwarded-host, x-forwarded-port, x-forwarded-prefix, forwarded\n',
    );
  });

  it("takes forwardedHeaders in run(), as the flag", async () => {
    const echo: App = (environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "application/json"]]);
      return [new TextEncoder().encode(JSON.stringify({ host: environ.HTTP_HOST, addr: environ.REMOTE_ADDR }))];
    };
    const server = await run({ app: echo, bind: "127.0.0.1:0", forwardedHeaders: ["x-forwarded-host"], signals: false, logLevel: "error" });
    try {
      const e = JSON.parse((await request(server.urls[0] + "/", { headers: spoof })).body) as Record<string, string>;
      // Only what was named: X-Forwarded-For is not in the list this time.
      expect(e).toEqual({ host: "evil.test", addr: "127.0.0.1" });
    } finally {
      await server.close();
    }
  });
});
