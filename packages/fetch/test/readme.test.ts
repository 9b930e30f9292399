// The README's first example (app.ts), as printed, served through the bridge
// the README is about: a stranger's first handler on Bun, Deno or Workers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { App } from "@tsgi/core";
import { afterAll, expect, it } from "vitest";
import { toFetchHandler } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsgi-fetch-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function firstExample(): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error("README.md has no ```ts example");
  return match[1]!;
}

it("the README's first example answers through toFetchHandler", async () => {
  const file = join(dir, "app.ts");
  writeFileSync(file, firstExample());
  const { app } = (await import(pathToFileURL(file).href)) as { app: App };
  const response = await toFetchHandler(app)(new Request("http://127.0.0.1:8000/world"));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain");
  expect(await response.text()).toBe("hello from /world\n");
});
