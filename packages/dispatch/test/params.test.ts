import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch, getRoutingArgs, type RoutingArgs } from "../src/index.js";
import { echo, seen } from "./helpers.js";

describe("path parameters (params: true)", () => {
  const app = dispatch(
    {
      "/users/:id": echo("user"),
      "/users/me": echo("me"),
      "/users/:id/posts/:post": echo("post"),
      "/files/*/raw": echo("raw"),
      "/users": echo("users"),
    },
    { params: true },
  );

  it.each([
    ["/users/42", "user", "/users/42", "", [[], { id: "42" }]],
    ["/users/42/avatar.png", "user", "/users/42", "/avatar.png", [[], { id: "42" }]],
    ["/users/7/posts/99/edit", "post", "/users/7/posts/99", "/edit", [[], { id: "7", post: "99" }]],
    ["/files/a.txt/raw", "raw", "/files/a.txt/raw", "", [["a.txt"], {}]],
    ["/users/caf%C3%A9", "user", "/users/caf\u00c3\u00a9", "", [[], { id: "caf\u00c3\u00a9" }]],
  ] as const)("%s goes to %s with routing args", async (path, name, scriptName, pathInfo, args) => {
    expect(await seen(app, path)).toEqual(expect.objectContaining({ name, scriptName, pathInfo, args }));
  });

  it("prefers an exact segment to a parameter", async () => {
    expect(await seen(app, "/users/me/x")).toMatchObject({ name: "me", pathInfo: "/x" });
  });

  it("never binds a parameter to an empty segment", async () => {
    expect(await seen(app, "/users//posts/1")).toMatchObject({ name: "users", pathInfo: "//posts/1" });
  });

  it("adds to the routing args an outer dispatcher set, and the outer app keeps its own", async () => {
    const inner = dispatch({ "/posts/:post": echo("post") }, { params: true });
    const outer = dispatch({ "/users/:id": inner }, { params: true });
    expect((await seen(outer, "/users/3/posts/4")).args).toEqual([[], { id: "3", post: "4" }]);
  });

  it("give a mount without parameters the routing args it inherited", async () => {
    const outer = dispatch({ "/t/:tenant": dispatch({ "/admin": echo("admin") }) }, { params: true });
    expect((await seen(outer, "/t/acme/admin")).args).toEqual([[], { tenant: "acme" }]);
  });

  it("binds a %2F-containing segment whole with encodedSlash 'keep'", async () => {
    const keep = dispatch({ "/files/:name": echo("file") }, { params: true, encodedSlash: "keep" });
    expect((await seen(keep, "/files/a%2Fb")).args).toEqual([[], { name: "a/b" }]);
  });

  it("are off by default: ':id' is a literal segment", async () => {
    const literal = dispatch({ "/users/:id": echo("literal") });
    expect((await testClient(literal).get("/users/42")).status).toBe(404);
    const got = await seen(literal, "/users/:id/x");
    expect(got).toMatchObject({ name: "literal", pathInfo: "/x" });
    expect(got).not.toHaveProperty("args");
  });

  it("are read with getRoutingArgs, which gives empty args when there are none", () => {
    const environ = { "tsgi.routing_args": [["a"], { b: "c" }] as RoutingArgs } as never;
    expect(getRoutingArgs(environ)).toEqual([["a"], { b: "c" }]);
    expect(getRoutingArgs({} as never)).toEqual([[], {}]);
  });

  it.each([
    ["/users/:", /invalid parameter name/],
    ["/users/:1d", /invalid parameter name/],
    ["/users/:__proto__", /invalid parameter name/],
  ])("refuse the key %s", (key, message) => {
    expect(() => dispatch({ [key]: echo("x") }, { params: true })).toThrow(message);
  });

  it("refuse two keys that differ only in a parameter's name", () => {
    expect(() => dispatch({ "/u/:id": echo("a"), "/u/:name": echo("b") }, { params: true })).toThrow(/same mount/);
  });
});
