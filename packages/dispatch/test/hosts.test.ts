import * as net from "node:net";
import { makeServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch } from "../src/index.js";
import { echo, seen } from "./helpers.js";

const app = dispatch({
  "http://admin.example.com/": echo("admin"),
  "//*.example.com/": echo("tenant"),
  "//*.example.com/static": echo("tenant-static"),
  "//api.example.com:8080/": echo("api-8080"),
  "//api.example.com/": echo("api"),
  "//[::1]:8443/": echo("v6"),
  "/static": echo("static"),
  "/": echo("www"),
});

const host = (value: string) => ({ headers: { Host: value } });

describe("host keys", () => {
  it.each([
    ["admin.example.com", "/", "admin"],
    ["ADMIN.Example.COM", "/", "admin"],
    ["admin.example.com.", "/", "admin"],
    ["admin.example.com:3000", "/", "admin"],
    ["acme.example.com", "/", "tenant"],
    ["api.example.com:8080", "/", "api-8080"],
    ["api.example.com", "/", "api"],
    ["api.example.com:9090", "/", "api"],
    ["[::1]:8443", "/", "v6"],
    ["[::1]", "/", "www"],
    ["example.com", "/", "www"],
    ["a.b.example.com", "/", "www"],
    ["notexample.com", "/", "www"],
  ])("Host %s, path %s goes to %s", async (hostHeader, path, name) => {
    expect(await seen(app, path, host(hostHeader))).toMatchObject({ name });
  });

  it("beat path-only mounts, even a longer one", async () => {
    expect(await seen(app, "/static/app.css", host("admin.example.com"))).toMatchObject({
      name: "admin",
      scriptName: "",
      pathInfo: "/static/app.css",
    });
    expect(await seen(app, "/static/app.css", host("example.com"))).toMatchObject({ name: "static", pathInfo: "/app.css" });
  });

  it("use the longest prefix within one host", async () => {
    expect(await seen(app, "/static/x", host("acme.example.com"))).toMatchObject({
      name: "tenant-static",
      scriptName: "/static",
      pathInfo: "/x",
    });
  });

  it("prefer an exact host to a wildcard", async () => {
    expect(await seen(app, "/static/x", host("admin.example.com"))).toMatchObject({ name: "admin" });
  });

  it("record the key that matched", async () => {
    expect((await seen(app, "/", host("acme.example.com"))).mount).toBe("//*.example.com/");
  });

  it("give the labels '*' matched as positional routing args with params, before '*' segments", async () => {
    const tenants = dispatch({ "//*.*.example.com/:page/*": echo("t"), "//api.example.com/": echo("api") }, { params: true });
    const got = await seen(tenants, "/docs/x/rest", host("acme.eu.example.com"));
    expect(got).toMatchObject({ scriptName: "/docs/x", pathInfo: "/rest", args: [["acme", "eu", "x"], { page: "docs" }] });
    expect((await seen(tenants, "/", host("api.example.com"))).args).toBeUndefined();
  });

  it("match SERVER_NAME and SERVER_PORT when the request has no Host (HTTP/1.0)", async () => {
    const client = testClient(app, { baseUrl: "http://api.example.com:8080", protocol: "HTTP/1.0" });
    const response = await client.get("/", { environ: (environ) => void delete environ.HTTP_HOST });
    expect(response.json()).toMatchObject({ name: "api-8080" });
  });

  it("take the scheme's default port when Host has none", async () => {
    const ports = dispatch({ "//secure.example.com:443/": echo("443"), "/": echo("other") });
    const client = testClient(ports, { baseUrl: "https://secure.example.com" });
    expect((await client.get("/")).json()).toMatchObject({ name: "443" });
    expect(await seen(ports, "/", host("secure.example.com"))).toMatchObject({ name: "other" });
  });
});

describe("host keys that cannot be compiled", () => {
  it.each([
    ["//", /no valid host/],
    ["//exa mple.com/", /invalid host label/],
    ["//example.com:0/", /port outside/],
    ["//example.com:70000/", /port outside/],
    ["//ex*ample.com/", /invalid host label/],
    ["//user@example.com/", /invalid host label/],
  ])("%s is refused at construction", (key, message) => {
    expect(() => dispatch({ [key]: echo("x") })).toThrow(message);
  });

  it("two spellings of one host and port are one mount", () => {
    expect(() => dispatch({ "http://Example.com/": echo("a"), "//example.com/": echo("b") })).toThrow(/same mount/);
  });
});

describe("host keys over a real socket", () => {
  const raw = (port: number, request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.end(request));
      let text = "";
      socket.setEncoding("latin1").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve(text)).on("error", reject);
    });

  it("match the Host header, and SERVER_NAME:SERVER_PORT for an HTTP/1.0 request without one", async () => {
    const local = dispatch({ "//*.example.com/": echo("tenant"), "//127.0.0.1/": echo("local"), "/": echo("other") });
    const server = makeServer("127.0.0.1", 0, local, { errors: () => {} });
    await server.listen();
    try {
      const tenant = await raw(server.port, "GET /x HTTP/1.1\r\nHost: Acme.Example.com:8080\r\nConnection: close\r\n\r\n");
      expect(tenant).toContain('"name":"tenant"');
      const noHost = await raw(server.port, "GET /x HTTP/1.0\r\n\r\n");
      expect(noHost).toContain('"name":"local"');
    } finally {
      await server.close();
    }
  });
});
