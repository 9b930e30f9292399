import { makeServer, type TsgiServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hosts } from "../hosts.js";
import { stores } from "../links.js";
import { app } from "../server.js";
import { dispatcher } from "../tutorial.js";

describe("the tutorial's dispatcher, done right", () => {
  it.each([
    ["/app1/", "app1: SCRIPT_NAME=/app1 PATH_INFO=/"],
    ["/app1/page", "app1: SCRIPT_NAME=/app1 PATH_INFO=/page"],
    ["/app2/page", "app2: SCRIPT_NAME=/app2 PATH_INFO=/page"],
  ])("sends %s to the right app, which sees its mount", async (path, text) => {
    const response = await testClient(dispatcher).get(path);
    expect(response.status).toBe(200);
    expect(response.text()).toContain(text);
  });

  it("redirects /app1 to /app1/, so the relative link 'page' resolves to /app1/page", async () => {
    const response = await testClient(dispatcher).get("/app1");
    expect([response.status, response.headers.get("location")]).toEqual([308, "/app1/"]);
    expect(new URL("page", "http://localhost/app1/").pathname).toBe("/app1/page");
  });

  it("links home with mountUrl", async () => {
    expect((await testClient(dispatcher).get("/app2/page")).text()).toContain('href="/app2/"');
  });

  it.each(["/app10", "/app1.json", "/App1/"])("does not send %s to app1", async (path) => {
    expect((await testClient(dispatcher).get(path)).status).toBe(404);
  });
});

describe("the host-based example", () => {
  it.each([
    ["admin.example.com", "/users", "admin /users"],
    ["api.example.com:8080", "/v1", "api on :8080 /v1"],
    ["api.example.com", "/v1", "tenant api /v1"],
    ["acme.example.com", "/static/logo.png", "tenant acme /static/logo.png"],
    ["www.example.com", "/", "www /"],
    ["example.com", "/about", "www /about"],
    ["elsewhere.test", "/static/logo.png", "shared assets /logo.png"],
  ])("Host %s, path %s: %s", async (host, path, text) => {
    const response = await testClient(hosts).get(path, { headers: { Host: host } });
    expect(response.text()).toBe(text + "\n");
  });
});

describe("an app redirecting with mountUrl, under two mounts", () => {
  it.each([
    ["/shop/", "/shop/cart"],
    ["/eu/shop/", "/eu/shop/cart"],
    ["/eu/shop", "/eu/shop/cart"],
  ])("%s redirects to %s", async (path, location) => {
    const response = await testClient(stores).get(path);
    expect([response.status, response.headers.get("location")]).toEqual([303, location]);
  });

  it("follows to the cart of the same mount, whose absolute link stays there", async () => {
    const response = await testClient(stores, { followRedirects: true, baseUrl: "https://shop.example" }).get("/eu/shop/");
    expect(response.url).toBe("https://shop.example/eu/shop/cart");
    expect(response.text()).toContain('href="https://shop.example/eu/shop/checkout?step=1"');
  });
});

describe("all of it over a real socket", () => {
  let server: TsgiServer;
  beforeAll(async () => {
    server = makeServer("127.0.0.1", 0, app, { errors: () => {} });
    await server.listen();
  });
  afterAll(() => server.close());

  it("redirects /app1 and serves /app1/page", async () => {
    const redirect = await fetch(`${server.url}/app1`, { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([308, "/app1/"]);
    expect(await (await fetch(`${server.url}/app1/page`)).text()).toContain("PATH_INFO=/page");
  });

  it("follows the shop's redirect under /eu/shop", async () => {
    const response = await fetch(`${server.url}/eu/shop/`);
    expect(response.url).toBe(`${server.url}/eu/shop/cart`);
  });

  it("hands other requests to the host-based dispatcher", async () => {
    expect(await (await fetch(`${server.url}/static/a.css`)).text()).toBe("shared assets /a.css\n");
  });
});
