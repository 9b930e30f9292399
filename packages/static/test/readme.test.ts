import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { afterAll, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = fs.readFileSync(path.join(here, "../README.md"), "utf8");
const firstBlock = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
// Written beside the tests so its imports resolve from this package.
const written = path.join(here, `.readme-example-${process.pid}.ts`);
afterAll(() => fs.rmSync(written, { force: true }));

it("the README's first example serves ./public and passes the rest to the app", async () => {
  // The example's only change: its own package name resolves to the source under test.
  fs.writeFileSync(written, firstBlock.replace('from "@tsgi/static"', 'from "../src/index.js"'));
  const cwd = process.cwd();
  const site = fs.mkdtempSync(path.join(os.tmpdir(), "tsgi-static-readme-"));
  fs.mkdirSync(path.join(site, "public"));
  fs.writeFileSync(path.join(site, "public/index.html"), "<h1>hi</h1>");
  process.chdir(site);
  try {
    const { app } = (await import(pathToFileURL(written).href)) as { app: App };
    const client = testClient(app);
    const home = await client.get("/");
    expect(home.status).toBe(200);
    expect(home.text()).toBe("<h1>hi</h1>");
    expect(home.headers.get("cache-control")).toBe("public, max-age=60");
    const miss = await client.get("/nope");
    expect(miss.status).toBe(404);
    expect(miss.text()).toBe("nothing at /nope\n");
  } finally {
    process.chdir(cwd);
    fs.rmSync(site, { recursive: true, force: true });
  }
});

it("the README documents every option with a heading", async () => {
  const options = fs.readFileSync(path.join(here, "../src/options.ts"), "utf8");
  const names = [...options.matchAll(/^ {2}(\w+)\?*: /gm)].map((m) => m[1]!);
  const declared = names.slice(0, names.indexOf("watch") + 1).filter((n) => !["maxFileBytes", "maxBytes"].includes(n));
  expect(declared.length).toBeGreaterThanOrEqual(17);
  for (const name of declared) expect(readme, name).toContain(`\n### ${name}\n`);
});
