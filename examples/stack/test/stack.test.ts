// The whole stack under the real CLI with two workers, over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const tsgi = fileURLToPath(new URL("../../../packages/server/bin/tsgi.js", import.meta.url));
const here = fileURLToPath(new URL("..", import.meta.url));
let child: ChildProcess;
let base: string;
let stderr = "";

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  child = spawn(process.execPath, [tsgi, "serve", "app.ts:app", "--workers", "2", "--bind", "127.0.0.1:0"], {
    cwd: here,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tsgi serve did not listen within 30 s:\n${stderr}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const booted = (stderr.match(/Booting worker/g) ?? []).length;
      const url = /Listening at: (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (url !== null && booted >= 2) {
        clearTimeout(timer);
        resolve(url[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`tsgi serve exited ${code}:\n${stderr}`)));
  });
});

afterAll(async () => {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
});

describe("examples/stack under tsgi serve --workers 2", () => {
  it("serves the static index page", async () => {
    const res = await send("/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body.toString()).toContain("<h1>tsgi stack</h1>");
  });

  it("answers a revalidated static file with 304 and no body", async () => {
    const first = await send("/style.css");
    expect(first.status).toBe(200);
    const etag = first.headers.etag!;
    expect(etag).toBeTruthy();
    const again = await send("/style.css", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect(again.headers.etag).toBe(etag);
  });

  it("compresses the API's JSON for a client that accepts gzip, with Vary", async () => {
    const res = await send("/api", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const json = JSON.parse(gunzipSync(res.body).toString()) as { items: unknown[] };
    expect(json.items.length).toBeGreaterThanOrEqual(1);
  });

  it("routes POST to the API's method table and refuses an unknown method with 405 and Allow", async () => {
    const created = await send("/api", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"name":"second"}' });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body.toString())).toMatchObject({ name: "second" });
    const refused = await send("/api", { method: "DELETE" });
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toMatch(/GET/);
    expect(refused.headers.allow).toMatch(/POST/);
  });

  it("shows an exposed 4xx message as problem+json", async () => {
    const res = await send("/api", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/problem+json" }, body: "{}" });
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body.toString())).toMatchObject({ status: 422, detail: "name must be a non-empty string" });
  });

  it.each([
    ["/hono", "hono"],
    ["/express", "express"],
  ])("mounts the %s app under its prefix", async (path, name) => {
    const res = await send(path);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ app: name });
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("answers 404 for a path nothing serves", async () => {
    const res = await send("/nothing-here");
    expect(res.status).toBe(404);
  });

  it("answers a failing route with a production 500 that leaks nothing and carries a request id", async () => {
    const res = await send("/broken", { headers: { Accept: "text/html" } });
    expect(res.status).toBe(500);
    expect(res.body.toString()).not.toMatch(/hunter2|at broken|\.ts:/);
    expect(res.headers["x-request-id"]).toMatch(/^[\w-]{8,}$/);
    expect(res.headers["cache-control"]).toBe("no-store");
  });
});
