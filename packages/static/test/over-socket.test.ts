import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, writeTree } from "./helpers/fixture.js";

const BIG = Buffer.alloc(1024 * 1024 + 5, "a");
BIG.write("tail!", BIG.length - 5);

describe("over a real @tsgi/server socket", () => {
  let server: TsgiServer;
  // Shared by every test here, so not makeTree (which removes its tree after each test).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsgi-static-socket-"));
  beforeAll(async () => {
    writeTree(root, {
      "big.bin": BIG,
      "small.txt": "small",
      "app.js": "let x = 1;",
      "app.js.gz": zlib.gzipSync("let x = 1;"),
      "docs/index.html": "docs",
    });
    server = makeServer("127.0.0.1", 0, staticFiles(fallback, { root }));
    await server.listen();
  });
  afterAll(async () => {
    await server.close({ timeout: 1000 });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("streams a 1 MiB file with its Content-Length", async () => {
    const r = await fetch(`${server.url}/big.bin`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-length")).toBe(String(BIG.length));
    expect(Buffer.from(await r.arrayBuffer()).equals(BIG)).toBe(true);
  });

  it("answers 304 to a revalidation and 206 to a range of the streamed file", async () => {
    const first = await fetch(`${server.url}/big.bin`, { method: "HEAD" });
    const etag = first.headers.get("etag")!;
    const again = await fetch(`${server.url}/big.bin`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const tail = await fetch(`${server.url}/big.bin`, { headers: { Range: "bytes=-5" } });
    expect(tail.status).toBe(206);
    expect(await tail.text()).toBe("tail!");
  });

  it("sends a gzip sibling that a client decodes to the original", async () => {
    const r = await fetch(`${server.url}/app.js`, { headers: { "Accept-Encoding": "gzip" } });
    expect(r.headers.get("content-encoding")).toBe("gzip");
    expect(await r.text()).toBe("let x = 1;"); // fetch decodes Content-Encoding
  });

  it("redirects a directory and falls through on a miss", async () => {
    const r = await fetch(`${server.url}/docs?q=1`, { redirect: "manual" });
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe("/docs/?q=1");
    expect(await (await fetch(`${server.url}/nope`)).text()).toBe("app saw /nope");
  });
});
