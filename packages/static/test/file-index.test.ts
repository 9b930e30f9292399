import * as fs from "node:fs";
import * as path from "node:path";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, writeTree } from "./helpers/fixture.js";

describe("the startup index", () => {
  it("serves small files from memory as a one-chunk Array body", async () => {
    const root = makeTree({ "a.txt": "x".repeat(1024) });
    const app = staticFiles(fallback, { root });
    const environ = await testClient(app).environFor("GET", "/a.txt");
    const body = await app(environ, () => {});
    expect(Array.isArray(body)).toBe(true);
    expect((body as Uint8Array[]).length).toBe(1);
  });

  it("streams files above cache.maxFileBytes, and stops keeping files once cache.maxBytes is spent", async () => {
    const root = makeTree({ "a.txt": "a".repeat(100), "b.txt": "b".repeat(100), "c.txt": "c".repeat(300) });
    const app = staticFiles(fallback, { root, cache: { maxFileBytes: 200, maxBytes: 100 } });
    const client = testClient(app);
    const arrays = [];
    for (const name of ["a.txt", "b.txt", "c.txt"]) {
      const body = await app(await client.environFor("GET", `/${name}`), () => {});
      arrays.push(Array.isArray(body));
      await body.close?.();
    }
    expect(arrays.filter(Boolean).length).toBe(1);
    expect(arrays[2]).toBe(false);
    expect((await client.get("/c.txt")).text()).toBe("c".repeat(300));
  });

  it("does not see files added after startup until refresh()", async () => {
    const root = makeTree({ "a.txt": "a" });
    const app = staticFiles(fallback, { root });
    const client = testClient(app);
    writeTree(root, { "new.txt": "new" });
    expect((await client.get("/new.txt")).text()).toBe("app saw /new.txt");
    await app.refresh();
    expect((await client.get("/new.txt")).text()).toBe("new");
    fs.rmSync(path.join(root, "new.txt"));
    await app.refresh();
    expect((await client.get("/new.txt")).text()).toBe("app saw /new.txt");
  });

  it("describes a file that changed since the index was built from the opened file", async () => {
    const root = makeTree({ "big.txt": "1".repeat(100_000) });
    const client = testClient(staticFiles(fallback, { root }));
    const before = await client.get("/big.txt");
    fs.writeFileSync(path.join(root, "big.txt"), "2".repeat(120_000));
    const after = await client.get("/big.txt");
    expect(after.text()).toBe("2".repeat(120_000));
    expect(after.headers.get("content-length")).toBe("120000");
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
  });

  it("falls through when an indexed file was deleted", async () => {
    const root = makeTree({ "big.txt": "1".repeat(100_000) });
    const client = testClient(staticFiles(fallback, { root }));
    fs.rmSync(path.join(root, "big.txt"));
    expect((await client.get("/big.txt")).text()).toBe("app saw /big.txt");
  });

  it("cache: false sees new files at once (development)", async () => {
    const root = makeTree({ "a.txt": "a" });
    const client = testClient(staticFiles(fallback, { root, cache: false }));
    writeTree(root, { "new.txt": "new" });
    expect((await client.get("/new.txt")).text()).toBe("new");
  });

  it("watch: true refreshes the index when files change", async () => {
    const root = makeTree({ "a.txt": "a" });
    const app = staticFiles(fallback, { root, watch: true });
    try {
      const client = testClient(app);
      writeTree(root, { "sub/new.txt": "new" });
      let text = "";
      for (let i = 0; i < 100 && text !== "new"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        text = (await client.get("/sub/new.txt")).text();
      }
      expect(text).toBe("new");
    } finally {
      app.close();
    }
  });
});

describe("options", () => {
  it.each([
    [{}, "root"],
    [{ root: "/definitely/not/here" }, "root"],
    [{ root: ".", dotfiles: "maybe" }, "dotfiles"],
    [{ root: ".", symlinks: "sometimes" }, "symlinks"],
    [{ root: ".", maxAge: -1 }, "maxAge"],
    [{ root: ".", prefix: "assets" }, "prefix"],
    [{ root: ".", etag: "medium" }, "etag"],
    [{ root: ".", precompressed: ["deflate"] }, "precompressed"],
    [{ root: ".", index: ["../x"] }, "index"],
    [{ root: ".", cache: { maxBytes: "lots" } }, "cache.maxBytes"],
    [{ root: ".", otherMethods: "501" }, "otherMethods"],
    [{ root: ".", spa: 3 }, "spa"],
    [{ root: ".", headers: 3 }, "headers"],
  ])("rejects %j with a TypeError naming options.%s", (options, name) => {
    expect(() => staticFiles(fallback, options as never)).toThrow(new RegExp(`options\\.${name.replace(".", "\\.")}`));
  });

  it("rejects an app that is not a function", () => {
    expect(() => staticFiles(undefined as never, { root: "." })).toThrow(TypeError);
  });
});
