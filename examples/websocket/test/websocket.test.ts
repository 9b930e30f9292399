import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

process.env.PORT = "0";
const { server } = await import("../server.js");

describe("WebSockets beside a tsgi app (SPEC §9.14)", () => {
  afterAll(() => server.close());

  it("echoes over a WebSocket on /ws while the tsgi app answers HTTP on the same port", async () => {
    const ws = new WebSocket(server.url.replace("http:", "ws:") + "/ws");
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once("open", () => ws.send("hi"));
      ws.once("message", (data) => resolve(String(data)));
      ws.once("error", reject);
    });
    expect(reply).toBe("echo: hi");
    const response = await fetch(server.url + "/page");
    expect(await response.text()).toBe("plain HTTP at /page\n");
    ws.close();
  });

  it("refuses an upgrade elsewhere instead of handing it to the app", async () => {
    const ws = new WebSocket(server.url.replace("http:", "ws:") + "/elsewhere");
    const failed = await new Promise<boolean>((resolve) => {
      ws.once("open", () => resolve(false));
      ws.once("error", () => resolve(true));
    });
    expect(failed).toBe(true);
  });

  it("is the first ts example of the README", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(/```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(readFileSync(new URL("../server.ts", import.meta.url), "utf8"));
  });
});
