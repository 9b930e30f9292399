import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch } from "../src/index.js";
import { echo } from "./helpers.js";

const mounts = { "/app1": echo("app1"), "/app1/admin": echo("admin"), "/": echo("root") };

describe("redirectSlash", () => {
  it.each([
    [301, "GET", "/app1", "/app1/"],
    [301, "HEAD", "/app1?a=1&b=%20", "/app1/?a=1&b=%20"],
    [308, "POST", "/app1/admin?x", "/app1/admin/?x"],
    [308, "GET", "/caf%C3%A9", "/caf%C3%A9/"],
  ] as const)("%i: %s %s → Location %s", async (status, method, path, location) => {
    const app = dispatch({ ...mounts, "/café": echo("cafe") }, { redirectSlash: status });
    const response = await testClient(app).request(method, path);
    expect(response.status).toBe(status);
    expect(response.headers.get("location")).toBe(location);
    expect(response.closed || method === "HEAD").toBe(true);
  });

  it("builds the Location from the outer SCRIPT_NAME, so it is right under any mount", async () => {
    const app = dispatch({ "/shop": dispatch({ "/cart": echo("cart") }, { redirectSlash: 308 }) });
    const response = await testClient(app).get("/eu/shop/cart?id=3", { scriptName: "/eu" });
    expect(response.headers.get("location")).toBe("/eu/shop/cart/?id=3");
  });

  it("lets a POST through to the mount with 301, which would turn it into a GET", async () => {
    const app = dispatch(mounts, { redirectSlash: 301 });
    const response = await testClient(app).post("/app1", { body: "x" });
    expect(response.json()).toMatchObject({ name: "app1", scriptName: "/app1", pathInfo: "" });
  });

  it("leaves paths below the mount root alone", async () => {
    const app = dispatch(mounts, { redirectSlash: 308 });
    expect((await testClient(app).get("/app1/")).json()).toMatchObject({ pathInfo: "/" });
    expect((await testClient(app).get("/app1/x")).json()).toMatchObject({ pathInfo: "/x" });
    expect((await testClient(app).get("/")).json()).toMatchObject({ name: "root", pathInfo: "/" });
  });

  it("is off by default: the mount gets PATH_INFO ''", async () => {
    const response = await testClient(dispatch(mounts)).get("/app1");
    expect(response.json()).toMatchObject({ scriptName: "/app1", pathInfo: "" });
  });

  it("ends at the mount when followed", async () => {
    const app = dispatch(mounts, { redirectSlash: 301 });
    const response = await testClient(app, { followRedirects: true }).get("/app1?q=1");
    expect(response.json()).toMatchObject({ name: "app1", pathInfo: "/", query: "q=1" });
  });
});

describe("collapseSlashes", () => {
  const app = dispatch({ "/app1": echo("app1"), "/app1/admin": echo("admin") }, { collapseSlashes: true });

  it.each([
    ["//app1", "app1", "/app1", ""],
    ["/app1//", "app1", "/app1", "/"],
    ["///app1///admin//x", "admin", "/app1/admin", "/x"],
    ["/app1//x//y", "app1", "/app1", "/x/y"],
  ])("%s goes to %s as %s + %s", async (path, name, scriptName, pathInfo) => {
    expect((await testClient(app).get(path)).json()).toMatchObject({ name, scriptName, pathInfo });
  });

  it("gives a canonical Location with redirectSlash", async () => {
    const redirecting = dispatch({ "/app1": echo("app1") }, { collapseSlashes: true, redirectSlash: 301 });
    expect((await testClient(redirecting).get("//app1")).headers.get("location")).toBe("/app1/");
  });

  it("is off by default: '//app1' has an empty first segment and matches nothing", async () => {
    expect((await testClient(dispatch({ "/app1": echo("app1") })).get("//app1")).status).toBe(404);
  });
});
