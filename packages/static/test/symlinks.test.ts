import * as fs from "node:fs";
import * as path from "node:path";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { staticFiles } from "../src/index.js";
import { fallback, makeTree, MODES } from "./helpers/fixture.js";

const SECRET = "TOPSECRET";
const BIG = "b".repeat(200_000); // not kept in memory: opened on every request

function tree(): { root: string; outside: string } {
  const outside = makeTree({
    "secret.txt": SECRET,
    "secret-dir/s.txt": SECRET,
    "public/real.txt": "real",
    "public/big.txt": BIG,
    "public/small.txt": "small",
    "public/in-link.txt": { link: "real.txt" },
    "public/out-link.txt": { link: "../secret.txt" },
    "public/out-dir": { link: "../secret-dir" },
    "public/loop": { link: "." },
  });
  return { root: path.join(outside, "public"), outside };
}

describe.each(MODES)("symlink policy ($mode)", ({ cache }) => {
  it("within-root (default) serves links inside root and refuses links out of it", async () => {
    const client = testClient(staticFiles(fallback, { root: tree().root, cache }));
    expect((await client.get("/in-link.txt")).text()).toBe("real");
    for (const p of ["/out-link.txt", "/out-dir/s.txt"]) {
      const r = await client.get(p);
      expect(r.text()).toBe(`app saw ${p}`);
    }
  });

  it("deny refuses every link, even one inside root", async () => {
    const client = testClient(staticFiles(fallback, { root: tree().root, cache, symlinks: "deny" }));
    expect((await client.get("/in-link.txt")).text()).toBe("app saw /in-link.txt");
    expect((await client.get("/out-link.txt")).text()).toBe("app saw /out-link.txt");
    expect((await client.get("/real.txt")).text()).toBe("real");
  });

  it("follow serves links out of root (so the other policies are what stop the traversal corpus)", async () => {
    const client = testClient(staticFiles(fallback, { root: tree().root, cache, symlinks: "follow" }));
    expect((await client.get("/out-link.txt")).text()).toBe(SECRET);
    expect((await client.get("/out-dir/s.txt")).text()).toBe(SECRET);
  });

  it("walks a symlink loop once when following links", () => {
    expect(() => staticFiles(fallback, { root: tree().root, cache, symlinks: "follow" })).not.toThrow();
  });

  it.each(["within-root", "deny"] as const)(
    "refuses a file swapped for a symlink between requests (%s), decided on the opened handle",
    async (symlinks) => {
      const { root, outside } = tree();
      const client = testClient(staticFiles(fallback, { root, cache, symlinks }));
      expect((await client.get("/big.txt")).text()).toBe(BIG);
      fs.rmSync(path.join(root, "big.txt"));
      fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "big.txt"));
      const r = await client.get("/big.txt");
      expect(r.text()).not.toContain(SECRET);
      expect(r.text()).toBe("app saw /big.txt");
      expect(r.closed).toBe(true);
    },
  );

  it("a small file swapped for a symlink is never read through the link", async () => {
    const { root, outside } = tree();
    const app = staticFiles(fallback, { root, cache });
    const client = testClient(app);
    expect((await client.get("/small.txt")).text()).toBe("small");
    fs.rmSync(path.join(root, "small.txt"));
    fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "small.txt"));
    expect((await client.get("/small.txt")).text()).not.toContain(SECRET);
    await app.refresh();
    expect((await client.get("/small.txt")).text()).toBe("app saw /small.txt");
  });
});
