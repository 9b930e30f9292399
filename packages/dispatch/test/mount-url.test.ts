import type { App } from "@tsgi/core";
import { makeServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch, mountUrl } from "../src/index.js";

/** Redirects `/` to its own `/login`, wherever it is mounted. */
const shop: App = (environ, startResponse) => {
  const absolute = environ.QUERY_STRING === "absolute";
  startResponse("302 Found", [
    ["Location", mountUrl(environ, "/login?next=%2Fcart", { absolute })],
    ["Content-Type", "text/plain"],
  ]);
  return [];
};

const site = dispatch({ "/shop": shop, "/eu/shop": shop, "/": shop });

describe("mountUrl", () => {
  it.each([
    ["/shop/", "/shop/login?next=%2Fcart"],
    ["/eu/shop/x", "/eu/shop/login?next=%2Fcart"],
    ["/", "/login?next=%2Fcart"],
  ])("from %s points inside the same mount: %s", async (path, location) => {
    expect((await testClient(site).get(path)).headers.get("location")).toBe(location);
  });

  it("prefixes scheme and Host with absolute: true", async () => {
    const client = testClient(site, { baseUrl: "https://shop.example.com:8443" });
    expect((await client.get("/eu/shop/?absolute")).headers.get("location")).toBe(
      "https://shop.example.com:8443/eu/shop/login?next=%2Fcart",
    );
  });

  it("uses the public scheme, host and prefix behind a trusted proxy (--proxy-headers) over a real socket", async () => {
    const server = makeServer("127.0.0.1", 0, site, {
      trustProxy: () => true,
      forwardedHeaders: ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-prefix"],
      errors: () => {},
    });
    await server.listen();
    const proxied = (path: string, prefix?: string) =>
      fetch(`${server.url}${path}`, {
        redirect: "manual",
        headers: {
          "X-Forwarded-Proto": "https",
          "X-Forwarded-Host": "public.example",
          "X-Forwarded-For": "203.0.113.9",
          ...(prefix === undefined ? {} : { "X-Forwarded-Prefix": prefix }),
        },
      });
    try {
      const direct = await proxied("/eu/shop/?absolute");
      expect(direct.headers.get("location")).toBe("https://public.example/eu/shop/login?next=%2Fcart");
      const prefixed = await proxied("/eu/shop/?absolute", "/store");
      expect(prefixed.headers.get("location")).toBe("https://public.example/store/eu/shop/login?next=%2Fcart");
      const relative = await proxied("/shop/", "/store");
      expect(relative.headers.get("location")).toBe("/store/shop/login?next=%2Fcart");
      // The raw PATH_INFO is still found behind the prefix, so an encoded slash is still refused.
      expect((await proxied("/shop/a%2F..%2F..%2Fx", "/store")).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  const environ = (scriptName: string) =>
    testClient(shop).environFor("GET", `${scriptName}/x`, { scriptName: scriptName === "" ? undefined : scriptName });

  it.each([
    ["/app", "/a b", "/app/a%20b"],
    ["/app", "/café", "/app/caf%C3%A9"],
    ["/app", "/100%", "/app/100%25"],
    ["/app", "/already%20encoded", "/app/already%20encoded"],
    ["/app", "rel", "/app/rel"],
    ["/app", "", "/app"],
    ["/app", "/", "/app/"],
    ["/app", "?page=2", "/app?page=2"],
    ["/app", "/#top", "/app/#top"],
    ["/app", "/a\\b", "/app/a%5Cb"],
    ["/café", "/menu", "/caf%C3%A9/menu"],
    ["/a b", "/x", "/a%20b/x"],
    ["", "", "/"],
    ["", "//evil.example/x", "/evil.example/x"],
    ["", "/\\evil.example", "/%5Cevil.example"],
    ["/app", "/\ud800", "/app/%EF%BF%BD"],
  ])("under SCRIPT_NAME %j, %j is %j", async (scriptName, path, url) => {
    expect(mountUrl(await environ(scriptName), path)).toBe(url);
  });

  it.each(["/../admin", "/a/%2e%2e/b", "..", "/.", "/x/..;y/"])("refuses %j, which a browser would resolve out of the mount", async (path) => {
    const env = await environ("/app");
    expect(() => mountUrl(env, path)).toThrow(/'\.' or '\.\.' segment/);
  });

  it("allows dots in names, the query and the fragment", async () => {
    const env = await environ("/app");
    expect(mountUrl(env, "/.well-known/a..b?next=../x#..")).toBe("/app/.well-known/a..b?next=../x#..");
  });

  it("refuses a path that is not a string", async () => {
    const env = await environ("");
    expect(() => mountUrl(env, 42 as never)).toThrow(TypeError);
  });
});
