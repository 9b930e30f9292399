import * as http from "node:http";
import { readText, validate, type App } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { afterEach, describe, expect, it } from "vitest";
import { methodOverride, originalMethod } from "../src/index.js";

let server: TsgiServer | undefined;
afterEach(async () => {
  await server?.close({ timeout: 0 });
  server = undefined;
});

const echo: App = async (environ, startResponse) => {
  const body = await readText(environ, { limit: 1 << 20 });
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  return [new TextEncoder().encode(JSON.stringify({ method: environ.REQUEST_METHOD, original: originalMethod(environ), length: body.length, head: body.slice(0, 16) }))];
};

/** POSTs `chunks` (chunked unless `length` is given) and resolves to the parsed answer and Vary. */
function post(chunks: string[], length?: number): Promise<{ seen: { method: string; original: string; length: number; head: string }; vary: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (length !== undefined) headers["Content-Length"] = String(length);
    const request = http.request(server!.url, { method: "POST", agent: false, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ seen: JSON.parse(text), vary: res.headers.vary }));
    });
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe("methodOverride's form field over a real socket", () => {
  it("overrides from the field and the app reads the same body from the socket", async () => {
    server = makeServer("127.0.0.1", 0, validate(methodOverride(validate(echo), { field: "_method" })));
    await server.listen();
    const body = "_method=DELETE&id=7";
    const { seen, vary } = await post([body], body.length);
    expect(seen).toEqual({ method: "DELETE", original: "POST", length: body.length, head: body.slice(0, 16) });
    expect(vary).toBe("X-HTTP-Method-Override");
  });

  it("leaves a chunked body larger than the limit whole and unparsed", async () => {
    server = makeServer("127.0.0.1", 0, validate(methodOverride(validate(echo), { field: "_method", limit: 1024 })));
    await server.listen();
    const chunks = ["_method=PUT&pad=", ...Array.from({ length: 64 }, () => "z".repeat(1024))];
    const { seen } = await post(chunks);
    expect(seen).toEqual({ method: "POST", original: "POST", length: 16 + 64 * 1024, head: "_method=PUT&pad=" });
  });
});
