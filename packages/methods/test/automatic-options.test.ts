import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { methods } from "../src/index.js";
import { says } from "./helpers.js";

describe("automatic OPTIONS", () => {
  it("answers 204 with Allow, no Content-Type and no Content-Length", async () => {
    const response = await testClient(methods({ GET: says(""), PUT: says("") })).options("/thing");
    expect(response.status).toBe(204);
    expect(response.headers.raw).toEqual([["Allow", "GET, HEAD, PUT, OPTIONS"]]);
    expect(response.body.byteLength).toBe(0);
  });

  describe("OPTIONS *", () => {
    it("is answered with the table's methods by default (the table is the whole server)", async () => {
      const response = await testClient(methods({ GET: says(""), POST: says("") })).options("*");
      expect(response.environ.PATH_INFO).toBe("*");
      expect(response.status).toBe(204);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    });

    it("is answered with options.serverMethods, in the documented order", async () => {
      const app = methods({ GET: says("") }, { serverMethods: ["PUT", "OPTIONS", "GET", "HEAD", "DELETE", "POST"] });
      const client = testClient(app);
      expect((await client.options("*")).headers.get("allow")).toBe("GET, HEAD, POST, PUT, DELETE, OPTIONS");
      expect((await client.options("/")).headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    });
  });

  it("leaves OPTIONS, * included, to the table's own handler", async () => {
    const seen: string[] = [];
    const handler: App = (environ, startResponse) => {
      seen.push(environ.PATH_INFO);
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Allow", "GET, OPTIONS"]]);
      return [new TextEncoder().encode("custom")];
    };
    const client = testClient(methods({ GET: says(""), OPTIONS: handler }));
    expect((await client.options("/")).text()).toBe("custom");
    expect((await client.options("*")).text()).toBe("custom");
    expect(seen).toEqual(["/", "*"]);
  });

  it("is off with options: false (OPTIONS then gets 405 and Allow has no OPTIONS)", async () => {
    const response = await testClient(methods({ GET: says("") }, { options: false })).options("/");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
