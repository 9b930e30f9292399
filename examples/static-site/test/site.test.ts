import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { testClient } from "@tsgi/testing";
import { expect, it } from "vitest";
import { app, root } from "../app.js";

it.each(["style.css", "app.js"])("the precompressed siblings of %s match the file", (name) => {
  const original = fs.readFileSync(path.join(root, name));
  expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(root, `${name}.br`)))).toEqual(original);
  expect(zlib.gunzipSync(fs.readFileSync(path.join(root, `${name}.gz`)))).toEqual(original);
});

it("serves files and passes /api to the app", async () => {
  const client = testClient(app);
  expect((await client.get("/")).headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect((await client.get("/api/hello")).json()).toEqual({ message: "hello from the app" });
  expect((await client.get("/style.css", { headers: { "Accept-Encoding": "br" } })).headers.get("content-encoding")).toBe("br");
});
