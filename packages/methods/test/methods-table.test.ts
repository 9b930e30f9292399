import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_KNOWN_METHODS, methods, sortMethods } from "../src/index.js";
import { says } from "./helpers.js";

const resource = methods({ GET: says("got"), POST: says("posted"), DELETE: says("deleted") });

describe("methods(table)", () => {
  it.each([
    ["GET", "got"],
    ["POST", "posted"],
    ["DELETE", "deleted"],
  ])("routes %s to its handler", async (method, text) => {
    const response = await testClient(resource).request(method, "/thing");
    expect(response.status).toBe(200);
    expect(response.text()).toBe(text);
    expect(response.closed).toBe(true);
  });

  it("hands the handler's body on as it is (an Array stays an Array)", async () => {
    const body = [new Uint8Array([1, 2, 3])];
    const handler: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
      return body;
    };
    const app = methods({ GET: handler });
    const result = app({ REQUEST_METHOD: "GET" } as never, () => {});
    expect(result).toBe(body);
  });

  describe("a method the resource does not serve", () => {
    it("gets 405 with Allow listing exactly the methods served, HEAD and OPTIONS included", async () => {
      const response = await testClient(resource).put("/thing");
      expect(response.status).toBe(405);
      expect(response.headers.getAll("allow")).toEqual(["GET, HEAD, POST, DELETE, OPTIONS"]);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.text()).toBe("405 Method Not Allowed\n");
    });

    it.each(["PUT", "PATCH", "TRACE", "CONNECT", "QUERY"])("%s, a known method, is 405", async (method) => {
      const response = await testClient(resource).request(method, "/thing");
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST, DELETE, OPTIONS");
    });

    it("lists Allow in the documented order whatever order the table was written in", async () => {
      const app = methods({ PROPFIND: says(""), PATCH: says(""), DELETE: says(""), GET: says(""), COPY: says(""), QUERY: says("") });
      const response = await testClient(app).put("/");
      expect(response.headers.get("allow")).toBe("GET, HEAD, DELETE, OPTIONS, PATCH, QUERY, COPY, PROPFIND");
    });
  });

  describe("a method the server does not know", () => {
    it.each(["FOO", "BREW", "get", "Get"])("%s gets 501 Not Implemented", async (method) => {
      const response = await testClient(resource).request(method, "/thing");
      expect(response.status).toBe(501);
      expect(response.text()).toBe("501 Not Implemented\n");
      expect(response.headers.has("allow")).toBe(false);
    });

    it("is served when it is a key of the table: extension methods are ordinary methods", async () => {
      const app = methods({ PROPFIND: says("props"), "M-SEARCH": says("found"), QUERY: says("queried") });
      const client = testClient(app);
      expect((await client.request("PROPFIND", "/")).text()).toBe("props");
      expect((await client.request("M-SEARCH", "/")).text()).toBe("found");
      expect((await client.request("QUERY", "/")).text()).toBe("queried");
      expect((await client.request("MKCOL", "/")).status).toBe(501);
    });

    it("is 405 instead when options.known lists it", async () => {
      const app = methods({ GET: says("") }, { known: [...DEFAULT_KNOWN_METHODS, "MKCOL"] });
      const client = testClient(app);
      expect((await client.request("MKCOL", "/")).status).toBe(405);
      expect((await client.request("COPY", "/")).status).toBe(501);
    });

    it("is decided by options.known when it is a predicate", async () => {
      const app = methods({ GET: says("") }, { known: () => true });
      const response = await testClient(app).request("FOO", "/");
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    });

    it("makes every method unknown but the served ones with known: []", async () => {
      const app = methods({ GET: says("") }, { known: [] });
      expect((await testClient(app).delete("/")).status).toBe(501);
    });
  });

  it("answers 400 to a REQUEST_METHOD that is not a token", async () => {
    // A server never passes one on; validate() reports it, and methods() still answers sanely.
    const client = testClient(resource, { validateMode: "report", environ: (environ) => void (environ.REQUEST_METHOD = "GE T") });
    const response = await client.get("/thing");
    expect(response.status).toBe(400);
    expect(response.text()).toBe("400 Bad Request\n");
    expect(response.errors).toContain("[environ.request-method]");
  });

  describe("at construction", () => {
    it.each([
      [{ "GE T": says("") }, /"GE T" is not a method token/],
      [{ "": says("") }, /"" is not a method token/],
      [{ "GET/1": says("") }, /not a method token/],
      [{ GET: "nope" }, /handler for GET must be an app function/],
      [{}, /serves no method/],
      [null, /must be an object/],
      [[says("")], /must be an object/],
    ])("refuses the table %j with a TypeError", (table, message) => {
      expect(() => methods(table as never)).toThrow(message);
      expect(() => methods(table as never)).toThrow(TypeError);
    });

    it.each([
      [{ known: "GET" }, /options.known must be/],
      [{ known: ["GET", "BAD METHOD"] }, /"BAD METHOD" is not a method token/],
      [{ head: "yes" }, /options.head must be a boolean/],
      [{ options: 1 }, /options.options must be a boolean/],
      [{ serverMethods: "GET" }, /options.serverMethods must be/],
      [{ serverMethods: ["G T"] }, /not a method token/],
      [{ hed: false }, /unknown option "hed"/],
    ])("refuses the options %j with a TypeError naming the option", (options, message) => {
      expect(() => methods({ GET: says("") }, options as never)).toThrow(message);
    });
  });
});

describe("sortMethods", () => {
  it("puts RFC 9110's methods in their order, then PATCH and QUERY, then the rest by code unit", () => {
    expect(sortMethods(["UNLINK", "QUERY", "PATCH", "TRACE", "OPTIONS", "CONNECT", "DELETE", "PUT", "POST", "HEAD", "GET", "COPY", "COPY"])).toEqual([
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY", "COPY", "UNLINK",
    ]);
  });
});
