import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";

const tree = {
  ".env": "SECRET=1",
  ".git/config": "[core]",
  "sub/.hidden": "hidden",
  ".well-known/security.txt": "Contact: x",
  "index.html": "<p>spa</p>",
  "app.js": "js",
};

describe.each(MODES)("dotfiles ($mode)", ({ cache }) => {
  const client = (dotfiles?: "allow" | "deny" | "ignore") =>
    testClient(staticFiles(fallback, { root: makeTree(tree), cache, ...(dotfiles ? { dotfiles } : {}) }));

  it.each(["/.env", "/.git/config", "/sub/.hidden"])("ignores %s by default (falls through)", async (p) => {
    const r = await client().get(p);
    expect(r.text()).toBe(`app saw ${p}`);
  });

  it.each(["/.env", "/.git/config", "/sub/.hidden", "/.nope"])("answers 403 to %s with deny", async (p) => {
    const r = await client("deny").get(p);
    expect(r.status).toBe(403);
    expect(r.text()).not.toContain("SECRET");
  });

  it("answers 404 to an ignored dotfile when fallthrough is false", async () => {
    const r = await testClient(staticFiles(fallback, { root: makeTree(tree), cache, fallthrough: false })).get("/.env");
    expect(r.status).toBe(404);
    expect(r.text()).toBe("Not Found\n");
  });

  it("serves dotfiles with allow", async () => {
    expect((await client("allow").get("/.env")).text()).toBe("SECRET=1");
    expect((await client("allow").get("/sub/.hidden")).text()).toBe("hidden");
  });

  it.each(["ignore", "deny"] as const)("serves /.well-known/ under %s", async (policy) => {
    const r = await client(policy).get("/.well-known/security.txt");
    expect(r.status).toBe(200);
    expect(r.text()).toBe("Contact: x");
  });
});

describe.each(MODES)("SPA fallback ($mode)", ({ cache }) => {
  const client = () => testClient(staticFiles(fallback, { root: makeTree(tree), cache, spa: true }));
  const html = { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

  it("serves index.html for a GET navigation to a path without an extension", async () => {
    const r = await client().get("/users/42", { headers: html });
    expect(r.status).toBe(200);
    expect(r.text()).toBe("<p>spa</p>");
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it.each([
    ["a request that does not accept HTML", "/users/42", "GET", { Accept: "application/json" }],
    ["a path with an extension", "/missing.js", "GET", html],
    ["a POST", "/users/42", "POST", html],
  ])("falls through for %s", async (_name, p, method, headers) => {
    const r = await client().request(method, p, { headers });
    expect(r.text()).toBe(`app saw ${p}`);
  });

  it("marks both answers at a fallback URL with Vary: Accept, but not real files", async () => {
    const c = client();
    expect((await c.get("/users/42", { headers: html })).headers.get("vary")).toBe("Accept");
    expect((await c.get("/users/42", { headers: { Accept: "application/json" } })).headers.get("vary")).toBe("Accept");
    expect((await c.get("/app.js", { headers: html })).headers.has("vary")).toBe(false);
    expect((await c.get("/missing.js", { headers: html })).headers.has("vary")).toBe(false);
  });

  it("still serves real files first", async () => {
    expect((await client().get("/app.js", { headers: html })).text()).toBe("js");
  });

  it("serves a named fallback file", async () => {
    const root = makeTree({ "shell.html": "shell" });
    const r = await testClient(staticFiles(fallback, { root, cache, spa: "shell.html" })).get("/x", { headers: html });
    expect(r.text()).toBe("shell");
  });
});

describe.each(MODES)("methods ($mode)", ({ cache }) => {
  it("passes other methods on a file to the app by default", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache }));
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "PROPFIND"]) {
      expect((await client.request(method, "/app.js")).text()).toBe("app saw /app.js");
    }
  });

  it("answers 405 with Allow, and OPTIONS with 204, under otherMethods: '405'", async () => {
    const client = testClient(staticFiles(fallback, { root: makeTree(tree), cache, otherMethods: "405" }));
    const post = await client.post("/app.js", { body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const options = await client.options("/app.js");
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect((await client.post("/missing", { body: "x" })).text()).toBe("app saw /missing");
  });
});
