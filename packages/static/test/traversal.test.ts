import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { makeServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticFiles, type StaticOptions } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";
import { HOSTILE_PATHS } from "./helpers/hostile-paths.js";

const SECRET = "TOPSECRET-outside-root";

/** `outside/` holds the secret; `outside/public/` is root, with links pointing out. */
function hostileTree(): string {
  const outside = makeTree({
    "secret.txt": SECRET,
    "public/index.html": "<p>ok</p>",
    "public/sub/a.txt": "a",
    "public/link-secret": { link: "../secret.txt" },
    "public/link-out": { link: ".." },
    "public/link-etc": { link: "/etc/passwd" },
  });
  return path.join(outside, "public");
}

function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => (data += d));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

const POLICIES: [string, Partial<StaticOptions>][] = [
  ["defaults", {}],
  ["dotfiles allow", { dotfiles: "allow" }],
  ["dotfiles deny, no fallthrough", { dotfiles: "deny", fallthrough: false }],
  ["symlinks deny", { symlinks: "deny", dotfiles: "allow" }],
];

it("the corpus has at least 60 hostile paths", () => {
  expect(new Set(HOSTILE_PATHS).size).toBeGreaterThanOrEqual(60);
});

describe.each(MODES)("traversal corpus over a real socket ($mode)", ({ cache }) => {
  describe.each(POLICIES)("%s", (_name, extra) => {
    let server: ReturnType<typeof makeServer>;
    beforeAll(async () => {
      server = makeServer("127.0.0.1", 0, staticFiles(fallback, { root: hostileTree(), cache, ...extra }));
      await server.listen();
    });
    afterAll(() => server.close({ timeout: 1000 }));

    it("never discloses a file outside root", async () => {
      expect(await rawGet(server.port, "/sub/a.txt")).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\n\r\na$/);
      const passwd = fs.existsSync("/etc/passwd") ? fs.readFileSync("/etc/passwd", "latin1").split("\n")[0]! : "\0";
      for (const target of HOSTILE_PATHS) {
        const response = await rawGet(server.port, target);
        expect(response, target).toMatch(/^HTTP\/1\.1 (301|400|403|404) /);
        expect(response, target).not.toContain(SECRET);
        expect(response, target).not.toContain(passwd);
      }
    });
  });
});

describe.each(MODES)("traversal corpus in process ($mode)", ({ cache }) => {
  it("falls through or refuses, and still serves the real files", async () => {
    const client = testClient(staticFiles(fallback, { root: hostileTree(), cache, dotfiles: "allow" }));
    for (const target of HOSTILE_PATHS) {
      let text = "";
      try {
        const r = await client.get(target.replace(/\\/g, "%5C"));
        text = r.text();
        expect(r.status, target).not.toBe(200);
      } catch (error) {
        expect(error, target).toBeInstanceOf(TypeError); // the client, like a server, refuses it
      }
      expect(text, target).not.toContain(SECRET);
    }
    expect((await client.get("/sub/a.txt")).text()).toBe("a");
  });
});
