import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch } from "../src/index.js";
import { echo, seen } from "./helpers.js";

const app = dispatch({
  "/app1": echo("app1"),
  "/app1/admin": echo("admin"),
  "/api/v2": echo("v2"),
  "/café": echo("cafe"),
});

describe("segment boundaries", () => {
  it.each([
    ["/app1", "app1", "/app1", ""],
    ["/app1/", "app1", "/app1", "/"],
    ["/app1/x", "app1", "/app1", "/x"],
    ["/app1/x/y.json", "app1", "/app1", "/x/y.json"],
    ["/app1//x", "app1", "/app1", "//x"],
    ["/api/v2/users", "v2", "/api/v2", "/users"],
    ["/caf%C3%A9/menu", "cafe", "/caf\u00c3\u00a9", "/menu"],
  ])("%s goes to %s with SCRIPT_NAME %j and PATH_INFO %j", async (path, name, scriptName, pathInfo) => {
    expect(await seen(app, path)).toMatchObject({ name, scriptName, pathInfo });
  });

  it.each(["/app10", "/app1.json", "/app", "/APP1", "/App1/x", "/api", "/api/v20", "/api/v2.1", "/", "//app1"])(
    "%s matches no mount (segment boundary, case-sensitive) and gets the 404",
    async (path) => {
      const response = await testClient(app).get(path);
      expect(response.status).toBe(404);
      expect(response.text()).toBe("Not Found\n");
      expect(response.closed).toBe(true);
    },
  );
});

describe("longest prefix", () => {
  it.each([
    ["/app1/admin", "admin", "/app1/admin", ""],
    ["/app1/admin/users", "admin", "/app1/admin", "/users"],
    ["/app1/administrator", "app1", "/app1", "/administrator"],
    ["/app1/x/admin", "app1", "/app1", "/x/admin"],
  ])("%s goes to %s", async (path, name, scriptName, pathInfo) => {
    expect(await seen(app, path)).toMatchObject({ name, scriptName, pathInfo });
  });

  it("does not depend on the order the mounts were written in", async () => {
    const reversed = dispatch({ "/app1/admin": echo("admin"), "/app1": echo("app1") });
    expect(await seen(reversed, "/app1/admin/x")).toMatchObject({ name: "admin", pathInfo: "/x" });
    expect(await seen(reversed, "/app1/x")).toMatchObject({ name: "app1", pathInfo: "/x" });
  });

  it("treats a trailing slash in a key as the same mount", async () => {
    const slashed = dispatch({ "/docs/": echo("docs") });
    expect(await seen(slashed, "/docs")).toMatchObject({ scriptName: "/docs", pathInfo: "" });
  });
});

describe("the root mount", () => {
  const rooted = dispatch({ "/": echo("root"), "/app1": echo("app1") });

  it("takes every path no longer mount matches, with SCRIPT_NAME unchanged", async () => {
    expect(await seen(rooted, "/")).toMatchObject({ name: "root", scriptName: "", pathInfo: "/" });
    expect(await seen(rooted, "/app10/x")).toMatchObject({ name: "root", scriptName: "", pathInfo: "/app10/x" });
    expect(await seen(rooted, "/app1/x")).toMatchObject({ name: "app1", pathInfo: "/x" });
  });

  it("is the same mount whether written '' or '/'", () => {
    expect(() => dispatch({ "": echo("a"), "/": echo("b") })).toThrow(/name the same mount/);
  });

  it("gets OPTIONS * with PATH_INFO '*'", async () => {
    const response = await testClient(rooted).options("*");
    expect(response.json()).toMatchObject({ name: "root", scriptName: "", pathInfo: "*" });
  });
});

describe("nested dispatchers", () => {
  const inner = dispatch({ "/users": echo("users"), "/": echo("inner-root") });
  const outer = dispatch({ "/api": inner });

  it("move the prefix onto SCRIPT_NAME one level at a time", async () => {
    expect(await seen(outer, "/api/users/7")).toMatchObject({ name: "users", scriptName: "/api/users", pathInfo: "/7" });
  });

  it("give an inner root mount the empty PATH_INFO of the outer mount root", async () => {
    expect(await seen(outer, "/api")).toMatchObject({ name: "inner-root", scriptName: "/api", pathInfo: "" });
  });

  it("under a server mount point keep the outer SCRIPT_NAME in front", async () => {
    const got = await seen(outer, "/site/api/users", {}, { scriptName: "/site" });
    expect(got).toMatchObject({ scriptName: "/site/api/users", pathInfo: "" });
  });
});

describe("scale", () => {
  it("still picks the right one of 10,000 mounts, nested ones included", async () => {
    const mounts: Record<string, ReturnType<typeof echo>> = {};
    for (let i = 0; i < 10_000; i++) mounts[`/m${i}`] = echo(`m${i}`);
    mounts["/m42/deep"] = echo("deep");
    const big = dispatch(mounts);
    expect(await seen(big, "/m9999/x")).toMatchObject({ name: "m9999", pathInfo: "/x" });
    expect(await seen(big, "/m42/deep/x")).toMatchObject({ name: "deep", pathInfo: "/x" });
    expect(await seen(big, "/m42/deeper")).toMatchObject({ name: "m42", pathInfo: "/deeper" });
    expect((await testClient(big).get("/m10000")).status).toBe(404);
  });
});
