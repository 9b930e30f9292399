import type { App } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { CookieJar, testClient } from "../src/index.js";
import { utf8 } from "./helpers.js";

/** Sets the cookies given in ?set=... (one Set-Cookie each) and echoes the Cookie header it got. */
const cookieApp: App = (environ, startResponse) => {
  const params = new URLSearchParams(environ.QUERY_STRING);
  const headers: [string, string][] = [["Content-Type", "text/plain"]];
  for (const value of params.getAll("set")) headers.push(["Set-Cookie", value]);
  startResponse("200 OK", headers);
  return [utf8.encode(environ.HTTP_COOKIE ?? "")];
};

describe("the cookie jar", () => {
  it("sends cookies set by one response with the next requests", async () => {
    const client = testClient(cookieApp);
    await client.get("/", { query: { set: ["session=abc; Path=/; HttpOnly", "theme=dark"] } });
    expect((await client.get("/")).text()).toBe("session=abc; theme=dark");
    expect(client.cookies?.get("session")).toBe("abc");
  });

  it("replaces a cookie of the same name and path", async () => {
    const client = testClient(cookieApp);
    await client.get("/", { query: { set: "n=1" } });
    await client.get("/", { query: { set: "n=2" } });
    expect((await client.get("/")).text()).toBe("n=2");
  });

  it("deletes a cookie on Max-Age=0 and on an Expires in the past", async () => {
    const client = testClient(cookieApp);
    await client.get("/", { query: { set: ["a=1", "b=2", "c=3"] } });
    await client.get("/", { query: { set: ["a=; Max-Age=0", "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"] } });
    expect((await client.get("/")).text()).toBe("c=3");
  });

  it("keeps a cookie whose Max-Age is in the future even when Expires is past", async () => {
    const client = testClient(cookieApp);
    await client.get("/", { query: { set: "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60" } });
    expect((await client.get("/")).text()).toBe("a=1");
  });

  it("sends a cookie only under its Path, longest path first", async () => {
    const client = testClient(cookieApp);
    await client.get("/", { query: { set: ["root=1; Path=/", "admin=2; Path=/admin"] } });
    expect((await client.get("/admin/users")).text()).toBe("admin=2; root=1");
    expect((await client.get("/admin")).text()).toBe("admin=2; root=1");
    expect((await client.get("/administrator")).text()).toBe("root=1");
    expect((await client.get("/")).text()).toBe("root=1");
  });

  it("defaults the path to the directory of the request that set it", async () => {
    const client = testClient(cookieApp);
    await client.get("/account/login", { query: { set: "step=2" } });
    expect((await client.get("/account/next")).text()).toBe("step=2");
    expect((await client.get("/other")).text()).toBe("");
  });

  it("sends a Secure cookie only over https", async () => {
    const jar = new CookieJar();
    await testClient(cookieApp, { cookies: jar, baseUrl: "https://localhost" }).get("/", { query: { set: "s=1; Secure" } });
    expect((await testClient(cookieApp, { cookies: jar, baseUrl: "https://localhost" }).get("/")).text()).toBe("s=1");
    expect((await testClient(cookieApp, { cookies: jar }).get("/")).text()).toBe("");
  });

  it("matches Domain cookies on subdomains and host-only cookies on their host alone", async () => {
    const client = testClient(cookieApp, { baseUrl: "http://example.com" });
    await client.get("/", { query: { set: ["wide=1; Domain=example.com", "narrow=2"] } });
    expect((await client.get("http://api.example.com/")).text()).toBe("wide=1");
    expect((await client.get("http://example.com/")).text()).toBe("wide=1; narrow=2");
  });

  it("ignores a cookie for a domain the response did not come from", async () => {
    const client = testClient(cookieApp);
    await client.get("/", { query: { set: "evil=1; Domain=other.example" } });
    expect(client.cookies?.size).toBe(0);
  });

  it("adds jar cookies to a Cookie header the test sends", async () => {
    const client = testClient(cookieApp);
    client.cookies?.set("jar", "1");
    expect((await client.get("/", { headers: { cookie: "manual=2" } })).text()).toBe("manual=2; jar=1");
  });

  it("keeps no cookies with cookies: false", async () => {
    const client = testClient(cookieApp, { cookies: false });
    await client.get("/", { query: { set: "a=1" } });
    expect(client.cookies).toBeUndefined();
    expect((await client.get("/")).text()).toBe("");
  });

  it("can be cleared and edited by hand", () => {
    const jar = new CookieJar();
    jar.set("a", "1");
    jar.set("b", "2", { path: "/x" });
    expect([...jar].map((c) => `${c.name}@${c.path}`)).toEqual(["a@/", "b@/x"]);
    jar.delete("a");
    expect(jar.get("a")).toBeUndefined();
    jar.clear();
    expect(jar.size).toBe(0);
  });
});
