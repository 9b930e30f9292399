import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { testClient } from "@tsgi/testing";
import type { App } from "@tsgi/core";
import { describe, expect, it } from "vitest";

/** The README's ```ts blocks, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Writes a README block into the package (so "@tsgi/methods" resolves to this package) and imports it. */
async function load(index: number): Promise<Record<string, App>> {
  const dir = new URL("./.readme/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`block-${index}.ts`, dir);
  writeFileSync(file, readmeBlocks()[index]!);
  return (await import(file.href)) as Record<string, App>;
}

describe("the README", () => {
  it("first example: GET, POST, DELETE, 405 with Allow, OPTIONS, HEAD, 501 and the override", async () => {
    const { app } = await load(0);
    const client = testClient(app!);
    expect((await client.post("/", { json: { name: "ada" } })).status).toBe(201);
    expect((await client.get("/")).json()).toEqual([{ name: "ada" }]);
    const put = await client.put("/");
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST, DELETE, OPTIONS");
    expect((await client.options("/")).headers.get("allow")).toBe("GET, HEAD, POST, DELETE, OPTIONS");
    const head = await client.head("/");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("application/json");
    expect((await client.request("BREW", "/")).status).toBe(501);
    expect((await client.post("/", { headers: { "X-HTTP-Method-Override": "DELETE" } })).status).toBe(204);
    expect((await client.get("/")).json()).toEqual([]);
  });

  it("fromClass example: a class resource", async () => {
    const { clock } = await load(1);
    const response = await testClient(clock!).get("/");
    expect(response.status).toBe(200);
    expect(Number.isNaN(Date.parse(response.text()))).toBe(false);
    expect((await testClient(clock!).post("/")).headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
