import * as http from "node:http";
import { createGunzip, gunzipSync } from "node:zlib";
import { validate } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../server.js";

let server: TsgiServer;
const log: string[] = [];
beforeAll(async () => {
  // Validated in report mode: whatever the examples break of SPEC.md is logged, and checked after all.
  server = makeServer("127.0.0.1", 0, validate(app, { mode: "report" }), { errors: (text) => void log.push(text) });
  await server.listen();
});
afterAll(async () => {
  await server.close({ timeout: 2000 });
  expect(log.filter((line) => line.includes("tsgi.validate"))).toEqual([]);
});

function get(path: string, headers: Record<string, string> = {}): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(`${server.url}${path}`, { headers }, resolve).on("error", reject);
  });
}

async function bytes(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("examples/rewrite over a real socket", () => {
  it("the page gets the script before </body>, compressed, with security headers", async () => {
    const res = await get("/", { "Accept-Encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["vary"]).toBe("Accept-Encoding");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
    const html = gunzipSync(await bytes(res)).toString();
    expect(html).toContain('<script src="/app.js" defer></script></body>');
  });

  it("the tutorial's middleware appends, with a correct Content-Length", async () => {
    const res = await get("/text");
    const body = (await bytes(res)).toString();
    expect(body).toBe("Hello, world -- Modified by middleware");
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("server-sent events come through compression one by one, decodable as they arrive", async () => {
    const res = await get("/events", { "Accept-Encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    const gunzip = res.pipe(createGunzip());
    const events: string[] = [];
    let text = "";
    for await (const chunk of gunzip) {
      text += (chunk as Buffer).toString();
      const parts = text.split("\n\n");
      text = parts.pop()!;
      events.push(...parts);
    }
    expect(events).toEqual([1, 2, 3, 4, 5].map((i) => `id: ${i}\ndata: tick ${i}`));
  });

  it("every example passes the validator in-process too", async () => {
    const client = testClient(app);
    expect((await client.get("/text")).text()).toBe("Hello, world -- Modified by middleware");
    expect((await client.head("/", { headers: { "Accept-Encoding": "br" } })).status).toBe(200);
    expect((await client.get("/nope")).status).toBe(404);
  });
});
