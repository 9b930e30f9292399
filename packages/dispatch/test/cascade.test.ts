import { closeBody, type App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { MOUNT_KEY, dispatch } from "../src/index.js";
import { declining, echo } from "./helpers.js";

describe("cascade", () => {
  it("skips a mount that answers 404 with X-Cascade: pass and closes its body", async () => {
    const deep = declining();
    const app = dispatch({ "/app1/admin": deep, "/app1": echo("app1") }, { cascade: true });
    const response = await testClient(app).get("/app1/admin/x");
    expect(response.json()).toMatchObject({ name: "app1", scriptName: "/app1", pathInfo: "/admin/x" });
    expect(deep.calls).toBe(1);
    expect(deep.closed).toBe(1);
  });

  it("falls through host mounts to path mounts, then to the fallback", async () => {
    const first = declining();
    const second = declining();
    const app = dispatch(
      { "//example.com/": first, "/": second },
      { cascade: true, fallback: echo("fallback") },
    );
    const response = await testClient(app, { baseUrl: "http://example.com" }).get("/x");
    const got = response.json<Record<string, unknown>>();
    expect(got).toMatchObject({ name: "fallback", scriptName: "", pathInfo: "/x" });
    expect(got).not.toHaveProperty("mount");
    expect([first.closed, second.closed]).toEqual([1, 1]);
  });

  it("waits for a lazy sub-app's status before deciding, and closes the declined generator", async () => {
    let finished = false;
    const lazy: App = (_environ, startResponse) =>
      (async function* () {
        try {
          await Promise.resolve();
          startResponse("404 Not Found", [["X-Cascade", "pass"], ["Content-Type", "text/plain"]]);
          yield new TextEncoder().encode("never sent");
        } finally {
          finished = true;
        }
      })();
    const app = dispatch({ "/a/b": lazy, "/a": echo("a") }, { cascade: true });
    expect((await testClient(app).get("/a/b")).json()).toMatchObject({ name: "a" });
    expect(finished).toBe(true);
  });

  it("keeps a plain 404 (no X-Cascade) as the answer", async () => {
    const plain: App = (_environ, startResponse) => {
      startResponse("404 Not Found", [["Content-Type", "text/plain"]]);
      return [new TextEncoder().encode("gone")];
    };
    const app = dispatch({ "/a/b": plain, "/a": echo("a") }, { cascade: true });
    const response = await testClient(app).get("/a/b");
    expect([response.status, response.text()]).toEqual([404, "gone"]);
  });

  it("passes the last decline on when the fallback declines too, so an outer dispatcher can cascade", async () => {
    const inner = dispatch({ "/x": declining() }, { cascade: true, fallback: declining() });
    const outer = dispatch({ "/api": inner, "/": echo("root") }, { cascade: true });
    expect((await testClient(outer).get("/api/x")).json()).toMatchObject({ name: "root" });
  });

  it("is off by default: X-Cascade: pass is just a 404", async () => {
    const app = dispatch({ "/a/b": declining(), "/a": echo("a") });
    expect((await testClient(app).get("/a/b")).status).toBe(404);
  });

  it("records the mount that finally answered", async () => {
    const app = dispatch({ "/a/b": declining(), "/a": echo("a") }, { cascade: true });
    const environ = await testClient(app).environFor("GET", "/a/b");
    await closeBody(await app(environ, () => undefined));
    expect(environ[MOUNT_KEY]).toBe("/a");
  });

  it("gives each candidate a fresh environ, whatever the one before did to its own", async () => {
    const meddler: App = (environ, startResponse) => {
      environ.PATH_INFO = "/tampered";
      environ.SCRIPT_NAME = "/evil";
      startResponse("404 Not Found", [["X-Cascade", "pass"]]);
      return [];
    };
    const app = dispatch({ "/a/b": meddler, "/a": echo("a") }, { cascade: true });
    expect((await testClient(app).get("/a/b/c")).json()).toMatchObject({ scriptName: "/a", pathInfo: "/b/c" });
  });

  it("closes the chosen body when the server's startResponse throws", async () => {
    let closed = 0;
    const ok: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([], { close: () => void closed++ });
    };
    const app = dispatch({ "/a": ok }, { cascade: true });
    const environ = await testClient(ok).environFor("GET", "/a");
    const refusing = () => {
      throw new Error("headers refused");
    };
    await expect(Promise.resolve(app(environ, refusing))).rejects.toThrow("headers refused");
    expect(closed).toBe(1);
  });
});
