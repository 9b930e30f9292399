import * as http from "node:http";
import { validate, type App } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { myapp, reset, usersView } from "../app.js";

beforeEach(reset);

describe.each([
  ["myapp (a methods() table)", myapp],
  ["usersView (a MethodView class)", usersView],
] as [string, App][])("%s", (_name, app) => {
  const client = () => testClient(app);

  it("lists users on GET and adds one on POST", async () => {
    const c = client();
    expect((await c.post("/", { json: { name: "ada" } })).status).toBe(201);
    const list = await c.get("/");
    expect(list.json()).toEqual([{ name: "ada" }]);
    expect(list.headers.get("content-length")).toBe(String(list.body.byteLength));
  });

  it("answers an unsupported method with 405 and Allow, not 200", async () => {
    const response = await client().delete("/");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
  });

  it("answers a method no server knows with 501", async () => {
    expect((await client().request("BREW", "/")).status).toBe(501);
  });

  it("answers HEAD with GET's headers and no body, OPTIONS with 204 and Allow", async () => {
    const c = client();
    const [get, head] = [await c.get("/"), await c.head("/")];
    expect(head.headers.raw).toEqual(get.headers.raw);
    expect(head.body.byteLength).toBe(0);
    const options = await c.options("/");
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
  });

  it.each([
    ["bad JSON", { body: "{nope", headers: { "Content-Type": "application/json" } }, 400],
    ["a user without a name", { json: { nickname: "x" } }, 422],
    ["a body over 16 KiB", { json: { name: "x".repeat(20_000) } }, 413],
  ])("refuses %s on POST", async (_case, options, status) => {
    const response = await client().post("/", options);
    expect(response.status).toBe(status);
    expect((await client().get("/")).json()).toEqual([]);
  });
});

describe("over a real socket", () => {
  let server: TsgiServer | undefined;
  afterEach(async () => {
    await server?.close({ timeout: 0 });
    server = undefined;
  });

  const send = (method: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> =>
    new Promise((resolve, reject) => {
      http
        .request(server!.url, { method, agent: false }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        })
        .on("error", reject)
        .end();
    });

  it("serves 405 with Allow and a HEAD without body bytes", async () => {
    server = makeServer("127.0.0.1", 0, validate(myapp));
    await server.listen();
    const put = await send("PUT");
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    const head = await send("HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe("2");
    expect(head.body).toBe("");
  });
});
