// Lints the deliberately bad files in test/fixtures with the repository's real
// eslint.config.js. test/fixtures is a miniature repository: the linter runs
// with it as the working directory, so fixtures/packages/some-middleware/src/x.ts
// is judged as packages/some-middleware/src/x.ts would be (the import rules
// depend on where a file lives and on its package.json).
import { readdir } from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const fixtures = fileURLToPath(new URL("fixtures", import.meta.url));
const eslint = new ESLint({ cwd: fixtures, overrideConfigFile: path.join(root, "eslint.config.js") });

const INTERNALS = "never its src/, dist/ or test/ files";
const MIDDLEWARE = "Middleware src may import only @tsgi/core of ours";
const ACROSS = "import another package by its name and its public exports, never by a relative path";

async function lintFixture(name: string) {
  const [result] = await eslint.lintFiles([path.join(fixtures, name)]);
  return result!.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
}

const UNUSED_DIRECTIVE = null; // ESLint reports an unused eslint-disable comment without a rule id

const bad: Array<[fixture: string, ruleId: string | null, message: string]> = [
  ["packages/some-middleware/src/imports-core-src.ts", "no-restricted-imports", INTERNALS],
  ["packages/some-middleware/src/imports-core-dist.ts", "no-restricted-imports", INTERNALS],
  ["packages/some-middleware/src/imports-core-src-relatively.ts", "tsgi/no-relative-import-across-packages", ACROSS],
  ["packages/server/test/imports-core-test-helper-relatively.ts", "tsgi/no-relative-import-across-packages", ACROSS],
  ["examples/some-app/imports-server-internals.ts", "no-restricted-imports", INTERNALS],
  ["bench/imports-core-dist-relatively.ts", "tsgi/no-relative-import-across-packages", ACROSS],
  ["packages/some-middleware/src/imports-server.ts", "no-restricted-imports", MIDDLEWARE],
  ["packages/some-middleware/src/imports-testing-types.ts", "no-restricted-imports", MIDDLEWARE],
  ["packages/some-middleware/src/reexports-fetch.ts", "no-restricted-imports", MIDDLEWARE],
  ["packages/some-middleware/src/imports-server-dynamically.ts", "no-restricted-syntax", MIDDLEWARE],
  ["packages/server/src/imports-testing.ts", "no-restricted-imports", "A package's src may import only @tsgi/core of ours"],
  ["packages/core/src/imports-core-by-name.ts", "no-restricted-imports", "@tsgi/core is the bottom layer"],
  ["packages/some-middleware/src/imports-dev-dependency.ts", "tsgi/no-undeclared-runtime-import", "'playwright-core' is imported by @tsgi/some-middleware's src but is not in its dependencies or peerDependencies"],
  ["packages/some-middleware/src/unused-variable.ts", "@typescript-eslint/no-unused-vars", "'unused' is assigned a value but never used"],
  ["packages/some-middleware/src/stale-disable-comment.ts", UNUSED_DIRECTIVE, "Unused eslint-disable directive"],
];

const good = [
  "packages/some-middleware/src/good.ts",
  "packages/some-middleware/test/good.test.ts",
  "examples/some-app/app.ts",
  "bench/lib/servers/some-bench.ts",
];

describe("eslint.config.js", () => {
  it.each(bad)("fails %s with %s", async (fixture, ruleId, message) => {
    const messages = await lintFixture(fixture);
    // A middleware importing @tsgi/server breaks two rules (layering, undeclared dependency): both are reported.
    expect(messages).toContainEqual(expect.objectContaining({ ruleId, message: expect.stringContaining(message) }));
  });

  it.each(good)("passes %s", async (fixture) => {
    expect(await lintFixture(fixture)).toEqual([]);
  });

  it("asserts on every fixture, so none is linted without a verdict", async () => {
    const files = await readdir(fixtures, { recursive: true, withFileTypes: true });
    const names = files.filter((f) => f.isFile() && f.name.endsWith(".ts")).map((f) => path.relative(fixtures, path.join(f.parentPath, f.name)));
    expect(names.sort()).toEqual([...bad.map(([name]) => name), ...good].sort());
  });

  it("leaves the fixtures out of the repository-wide run", async () => {
    const repository = new ESLint({ cwd: root });
    expect(await repository.isPathIgnored(path.join(fixtures, bad[0]![0]))).toBe(true);
  });
});
