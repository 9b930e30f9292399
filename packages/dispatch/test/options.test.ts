import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch, type DispatchOptions } from "../src/index.js";
import { echo } from "./helpers.js";

describe("fallback", () => {
  it("answers what no mount matches, with the caller's path untouched", async () => {
    const app = dispatch({ "/app1": echo("app1") }, { fallback: echo("fallback") });
    expect((await testClient(app).get("/other/x")).json()).toMatchObject({ name: "fallback", scriptName: "", pathInfo: "/other/x" });
  });

  it("is a plain 404 by default that names no mount", async () => {
    const response = await testClient(dispatch({ "/secret-admin": echo("a") })).get("/x");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.text()).not.toContain("secret");
  });
});

describe("listMounts", () => {
  it("makes the 404 a page listing every mount and the path asked for", async () => {
    const app = dispatch({ "/app1": echo("a"), "//admin.example.com/": echo("b"), "/api/v2": echo("c") }, { listMounts: true });
    const response = await testClient(app).get("/ap%20p?x=1");
    expect(response.status).toBe(404);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.text()).toBe(
      "Not Found: no mount matches /ap%20p on localhost\n\nMounts:\n  //admin.example.com/\n  /api/v2\n  /app1\n",
    );
  });

  it("says so when there are no mounts", async () => {
    const response = await testClient(dispatch({}, { listMounts: true })).get("/");
    expect(response.text()).toContain("Mounts:\n  (none)\n");
  });

  it("cannot be combined with a fallback", () => {
    expect(() => dispatch({}, { listMounts: true, fallback: echo("f") })).toThrow(/cannot be used with fallback/);
  });
});

describe("checked at construction", () => {
  it.each([
    [{ redirectSlash: 302 }, /redirectSlash must be one of 301, 308, false/],
    [{ redirectSlash: true }, /redirectSlash/],
    [{ encodedSlash: "allow" }, /encodedSlash must be one of "reject", "keep", "decode"/],
    [{ dotSegments: "resolve" }, /dotSegments must be one of "reject", "keep"/],
    [{ cascade: "yes" }, /cascade/],
    [{ collapseSlashes: 1 }, /collapseSlashes/],
    [{ params: "on" }, /params/],
    [{ fallback: "404" }, /fallback must be an app/],
    [{ fallbak: echo("x") }, /unknown option "fallbak"/],
  ])("option %o is refused", (options, message) => {
    expect(() => dispatch({}, options as unknown as DispatchOptions)).toThrow(message);
  });

  it.each([
    ["app1", /must be '' or start with '\/'/],
    ["/a%20b", /decoded path/],
    ["/a?x", /decoded path/],
    ["/a#x", /decoded path/],
    ["/a//b", /empty segment/],
    ["/a/../b", /'\.' or '\.\.' segment/],
    ["/a/./b", /'\.' or '\.\.' segment/],
  ])("mount key %s is refused", (key, message) => {
    expect(() => dispatch({ [key]: echo("x") })).toThrow(message);
  });

  it("refuses a mount that is not an app", () => {
    expect(() => dispatch({ "/a": "app" as never })).toThrow(/must be an app/);
  });

  it("accepts a Map or an array of entries as the mounts table", async () => {
    const fromMap = dispatch(new Map([["/m", echo("map")]]));
    const fromArray = dispatch([["/a", echo("array")]]);
    expect((await testClient(fromMap).get("/m")).json()).toMatchObject({ name: "map" });
    expect((await testClient(fromArray).get("/a")).json()).toMatchObject({ name: "array" });
  });
});
