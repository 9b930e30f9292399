import * as http from "node:http";
import { makeServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { dispatch, type DispatchOptions } from "../src/index.js";
import { echo } from "./helpers.js";

const mounts = { "/app1": echo("app1"), "/admin": echo("admin"), "/files": echo("files") };
const app = dispatch(mounts);

/** Request-targets that try to leave /app1 for /admin, or to smuggle a separator past the matcher. */
const HOSTILE: readonly string[] = [
  "/app1/..%2f..%2fadmin",
  "/app1/..%2Fadmin",
  "/app1/%2e%2e/admin",
  "/app1/%2E%2E%2Fadmin",
  "/app1/../admin",
  "/app1/./../admin",
  "/app1/..\\admin",
  "/app1/..%5cadmin",
  "/app1/..%5C..%5Cadmin",
  "/app1/..;/admin",
  "/app1/..;jsessionid=x/admin",
  "/app1%2f..%2fadmin",
  "/app1%2Fadmin",
  "/%2e%2e/admin",
  "/./admin",
  "/app1/.",
  "/app1/..",
  "/app1/%2e",
  "/app1/.%2e/admin",
  "/app1/..%00/admin",
  "/app1/.. /admin",
  "/app1/%2e%2e%2f%2e%2e%2fadmin",
  "/files/..%2f..%2fadmin",
  "/files/a%2F..%2F..%2Fadmin",
];

/** Hostile-looking paths that are plain data after one decoding: the mount gets them as they are. */
const DATA: readonly (readonly [string, string, string])[] = [
  ["/app1/%252e%252e/admin", "app1", "/%2e%2e/admin"],
  ["/app1/%c0%ae%c0%ae/admin", "app1", "/\u00c0\u00ae\u00c0\u00ae/admin"],
  ["/app1/..../admin", "app1", "/..../admin"],
  ["/app1/.hidden", "app1", "/.hidden"],
  ["/app1/...", "app1", "/..."],
  ["/app1/a..b", "app1", "/a..b"],
];

describe("the default policies (encodedSlash 'reject', dotSegments 'reject')", () => {
  it("cover at least 20 hostile paths", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE)("answer %s with a 400 that no mount produced", async (path) => {
    const response = await testClient(app).get(path);
    expect(response.status).toBe(400);
    expect(response.text()).toBe("Bad Request\n");
  });

  it.each(DATA)("pass %s to %s with PATH_INFO %j", async (path, name, pathInfo) => {
    expect((await testClient(app).get(path)).json()).toMatchObject({ name, pathInfo });
  });

  it("allow %2F in the query string", async () => {
    expect((await testClient(app).get("/app1/x?next=%2Fadmin")).json()).toMatchObject({ name: "app1", query: "next=%2Fadmin" });
  });

  it("refuse /app1/..%2f..%2fadmin over a real socket too", async () => {
    const server = makeServer("127.0.0.1", 0, app, { errors: () => {} });
    await server.listen();
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        // node's http client sends the path as given, without resolving dot segments as fetch would.
        http.get({ host: "127.0.0.1", port: server.port, path: "/app1/..%2f..%2fadmin" }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on("error", reject);
      });
      expect(status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe("every policy combination", () => {
  const combos: DispatchOptions[] = [];
  for (const encodedSlash of ["reject", "keep", "decode"] as const) {
    for (const dotSegments of ["reject", "keep"] as const) {
      for (const collapseSlashes of [false, true]) combos.push({ encodedSlash, dotSegments, collapseSlashes });
    }
  }

  it.each(combos)("never lets a hostile path under /app1 or /files reach /admin: %o", async (options) => {
    const configured = dispatch(mounts, options);
    for (const path of HOSTILE) {
      const response = await testClient(configured).get(path);
      if (response.status === 200) expect(response.json<{ name: string }>().name, path).not.toBe("admin");
    }
  });
});

describe("encodedSlash", () => {
  it("'keep' keeps %2F inside its segment: it matches no prefix and a mount sees it decoded", async () => {
    const keep = dispatch(mounts, { encodedSlash: "keep" });
    expect((await testClient(keep).get("/app1%2Fx")).status).toBe(404);
    expect((await testClient(keep).get("/files/a%2Fb")).json()).toMatchObject({ name: "files", scriptName: "/files", pathInfo: "/a/b" });
  });

  it("'keep' matches a mount key against whole raw segments", async () => {
    const keep = dispatch({ "/a/b": echo("ab"), "/a": echo("a") }, { encodedSlash: "keep" });
    expect((await testClient(keep).get("/a%2Fb/c")).status).toBe(404);
    expect((await testClient(keep).get("/a/b%2Fc")).json()).toMatchObject({ name: "a", pathInfo: "/b/c" });
  });

  it("'decode' treats %2F as '/', as the decoded PATH_INFO does", async () => {
    const decode = dispatch({ "/a/b": echo("ab"), "/a": echo("a") }, { encodedSlash: "decode" });
    expect((await testClient(decode).get("/a%2Fb/c")).json()).toMatchObject({ name: "ab", scriptName: "/a/b", pathInfo: "/c" });
  });

  it("cannot see an encoded slash without tsgi.raw_uri, and then counts it as '/'", async () => {
    const response = await testClient(app).get("/app1%2Fx", { environ: (environ) => void delete environ["tsgi.raw_uri"] });
    expect(response.json()).toMatchObject({ name: "app1", pathInfo: "/x" });
  });

  it("finds the raw PATH_INFO under an outer mount and in an absolute-form target", async () => {
    const keep = { encodedSlash: "keep" } as const;
    const nested = dispatch({ "/outer": dispatch({ "/files": echo("files") }, keep) }, keep);
    const response = await testClient(nested).get("http://example.com/outer/files/a%2Fb?x=1");
    expect(response.json()).toMatchObject({ scriptName: "/outer/files", pathInfo: "/a/b" });
    const rejecting = dispatch({ "/outer": dispatch({ "/files": echo("files") }) }, { encodedSlash: "keep" });
    expect((await testClient(rejecting).get("/outer/files/a%2Fb")).status).toBe(400);
  });
});

describe("dotSegments 'keep'", () => {
  it("hands dot segments to the mount unresolved: the dispatcher never walks up to another mount", async () => {
    const keep = dispatch(mounts, { dotSegments: "keep" });
    expect((await testClient(keep).get("/app1/../admin")).json()).toMatchObject({ name: "app1", pathInfo: "/../admin" });
    expect((await testClient(keep).get("/./admin")).status).toBe(404);
  });
});
