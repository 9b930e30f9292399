import type { App } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { TooManyRedirectsError, testClient } from "../src/index.js";
import { echoApp, type Echo } from "./helpers.js";

/** `/redirect/<code>?to=<location>` redirects (to itself without `to`); everything else echoes the request. */
const redirecting: App = (environ, startResponse) => {
  const match = /^\/redirect\/(\d{3})$/.exec(environ.PATH_INFO);
  if (match === null) return echoApp(environ, startResponse);
  const to = new URLSearchParams(environ.QUERY_STRING).get("to") ?? environ.PATH_INFO; // no "to": a loop
  startResponse(`${match[1]!} Redirect`, [["Location", to], ["Content-Type", "text/plain"], ["Content-Length", "0"]]);
  return [];
};

describe("followRedirects", () => {
  const client = testClient(redirecting, { followRedirects: true });

  it("returns the redirect itself when not following", async () => {
    const response = await testClient(redirecting).get("/redirect/302?to=/done");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/done");
  });

  it("follows a 303 after a POST with a GET without the body", async () => {
    const response = await client.post("/redirect/303?to=/done", { json: { a: 1 } });
    const echo = response.json<Echo>();
    expect(echo).toMatchObject({ method: "GET", pathInfo: "/done", body: "", contentType: null, contentLength: null });
    expect(response.url).toBe("http://localhost/done");
    expect(response.redirects.map((r) => r.status)).toEqual([303]);
    expect(response.redirects[0]!.url).toBe("http://localhost/redirect/303?to=/done");
  });

  it.each([301, 302])("turns a POST into a GET on %i", async (code) => {
    const response = await client.post(`/redirect/${code}?to=/done`, { form: { a: "1" } });
    expect(response.json<Echo>().method).toBe("GET");
  });

  it.each([307, 308])("keeps the method and body on %i", async (code) => {
    const response = await client.post(`/redirect/${code}?to=/done`, { json: { keep: true } });
    const echo = response.json<Echo>();
    expect(echo.method).toBe("POST");
    expect(echo.contentType).toBe("application/json");
    expect(JSON.parse(echo.body)).toEqual({ keep: true });
  });

  it("keeps HEAD a HEAD", async () => {
    const response = await client.head("/redirect/302?to=/done");
    expect(response.environ.REQUEST_METHOD).toBe("HEAD");
    expect(response.environ.PATH_INFO).toBe("/done");
  });

  it("resolves a relative Location against the request URL", async () => {
    const response = await client.get("/redirect/302?to=next%3Fx%3D1");
    expect(response.json<Echo>()).toMatchObject({ pathInfo: "/redirect/next", query: "x=1" });
  });

  it("follows a chain and records every hop", async () => {
    const to = encodeURIComponent("/redirect/302?to=/end");
    const response = await client.get(`/redirect/301?to=${to}`);
    expect(response.redirects.map((r) => r.status)).toEqual([301, 302]);
    expect(response.json<Echo>().pathInfo).toBe("/end");
  });

  it("throws after maxRedirects hops, listing them", async () => {
    const loop = testClient(redirecting, { followRedirects: true, maxRedirects: 3 });
    const error = await loop.get("/redirect/302").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect((error as TooManyRedirectsError).message).toMatch(/more than 3 redirects/);
    expect((error as TooManyRedirectsError).redirects).toHaveLength(4);
  });

  it("does not follow a redirect to another host", async () => {
    const response = await client.get("/redirect/302?to=https://login.example/");
    expect(response.status).toBe(302);
    expect(response.redirects).toHaveLength(0);
  });

  it("can be turned on for one request", async () => {
    const response = await testClient(redirecting).get("/redirect/302?to=/done", { followRedirects: true });
    expect(response.status).toBe(200);
  });

  it("refuses to repeat a streamed body on 307", async () => {
    async function* body(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
    }
    await expect(client.post("/redirect/307?to=/done", { body: body() })).rejects.toThrow(/cannot be sent twice/);
  });

  it("carries cookies set by a redirect to the next hop", async () => {
    const login: App = (environ, startResponse) => {
      if (environ.PATH_INFO === "/login") {
        startResponse("303 See Other", [["Location", "/home"], ["Set-Cookie", "sid=42; Path=/"], ["Content-Type", "text/plain"]]);
        return [];
      }
      return echoApp(environ, startResponse);
    };
    const response = await testClient(login, { followRedirects: true }).post("/login", { form: { user: "a" } });
    expect(response.json<Echo>().headers.HTTP_COOKIE).toBe("sid=42");
  });
});
