import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
// Written next to the package's sources so it resolves @tsgi/core like any module here; the
// package's own name points at its sources, since dist may not be built.
const file = fileURLToPath(new URL("./readme-example.generated.ts", import.meta.url));
let app: App;

beforeAll(async () => {
  writeFileSync(file, example.replace('from "@tsgi/dispatch"', 'from "../src/index.js"'));
  ({ app } = (await import(pathToFileURL(file).href)) as { app: App });
});
afterAll(() => rmSync(file, { force: true }));

describe("the README's first example", () => {
  it("imports only published packages and exports app", () => {
    const imports = [...example.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(imports).toEqual(["@tsgi/core", "@tsgi/dispatch"]);
    expect(example).toContain("export const app");
  });

  it.each([
    ["/eu/shop/", "/eu/shop/cart"],
    ["/shop/", "/shop/cart"],
  ])("redirects %s to %s with mountUrl", async (path, location) => {
    const response = await testClient(app).get(path);
    expect([response.status, response.headers.get("location")]).toEqual([303, location]);
  });

  it("redirects /shop to /shop/ with 308", async () => {
    const response = await testClient(app).get("/shop");
    expect([response.status, response.headers.get("location")]).toEqual([308, "/shop/"]);
  });

  it("shows the shop its mount point", async () => {
    expect((await testClient(app).get("/eu/shop/cart")).text()).toBe("shop at /eu/shop, page /cart\n");
  });

  it("gives the api its prefix in SCRIPT_NAME and the rest in PATH_INFO", async () => {
    expect((await testClient(app).get("/api/v2/users")).json()).toEqual({ api: "v2", path: "/users" });
  });

  it("sends any path on admin.example.com to admin", async () => {
    const response = await testClient(app, { baseUrl: "http://admin.example.com" }).get("/shop/");
    expect(response.text()).toBe("admin console\n");
  });

  it.each(["/shopping", "/shop.json", "/api/v3", "/"])("answers %s with a plain 404", async (path) => {
    expect((await testClient(app).get(path)).status).toBe(404);
  });
});
