import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { app, express } from "../app.js";

let server: TsgiServer;
const logged: string[] = [];
beforeAll(async () => {
  server = makeServer("127.0.0.1", 0, app, { errors: (text) => logged.push(text) });
  await server.listen();
});
afterAll(async () => {
  await server.close();
  await express.close();
});

function upload(megabytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === megabytes * 16) return controller.close();
      sent++;
      controller.enqueue(new Uint8Array(64 * 1024).fill(120));
    },
  });
}

describe("Hono and Express mounted side by side over real HTTP", () => {
  it("routes /hono to Hono, which sees its own path", async () => {
    const response = await fetch(`${server.url}/hono/hello?q=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ app: "hono", path: "/hello", url: `${server.url}/hello?q=1`, query: "1" });
  });

  it("routes /express to Express, which sees itself mounted at /express", async () => {
    const response = await fetch(`${server.url}/express/hello?q=2`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      app: "express",
      url: "/hello?q=2",
      baseUrl: "/express",
      originalUrl: "/express/hello?q=2",
      query: "2",
    });
  });

  it("keeps each Set-Cookie from both apps", async () => {
    const hono = await fetch(`${server.url}/hono/hello`);
    expect(hono.headers.getSetCookie()).toEqual(["from=hono; Path=/hono", "flavour=fetch; Path=/hono"]);
    const expressResponse = await fetch(`${server.url}/express/hello`);
    expect(expressResponse.headers.getSetCookie()).toEqual(["from=express; Path=/express", "flavour=node; Path=/express"]);
  });

  it("streams a 4 MiB upload to Express chunk by chunk", async () => {
    const response = await fetch(`${server.url}/express/upload`, { method: "POST", body: upload(4), duplex: "half" } as RequestInit);
    const result = (await response.json()) as { bytes: number; chunks: number };
    expect(result.bytes).toBe(4 * 1024 * 1024);
    expect(result.chunks).toBeGreaterThan(1);
  });

  it("streams an upload to Hono", async () => {
    const response = await fetch(`${server.url}/hono/upload`, { method: "POST", body: upload(1), duplex: "half" } as RequestInit);
    expect(await response.json()).toEqual({ app: "hono", bytes: 1024 * 1024 });
  });

  it("lets each app answer its own 404s and errors", async () => {
    const honoMissing = await fetch(`${server.url}/hono/missing`);
    expect(honoMissing.status).toBe(404);
    expect(await honoMissing.text()).toBe("404 Not Found");
    const expressMissing = await fetch(`${server.url}/express/missing`);
    expect(expressMissing.status).toBe(404);
    expect(await expressMissing.text()).toContain("Cannot GET /express/missing");
    const expressFail = await fetch(`${server.url}/express/fail`);
    expect(expressFail.status).toBe(500);
  });

  it("sends other paths to the stack's own app", async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toBe("mounted: /hono, /express\n");
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });
});
