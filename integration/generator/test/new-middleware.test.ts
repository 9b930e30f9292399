// The contributor's path: `pnpm new:middleware <name>` in a fresh clone
// gives a package that builds, typechecks, lints (publint + attw), passes
// its own tests (the conformance kit among them) and is part of every turbo
// run, with no edits.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const repoRoot = resolve(fileURLToPath(new URL("../../../", import.meta.url)));
let clone: string;

async function sh(cwd: string, command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, timeout: 420_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`$ ${command} ${args.join(" ")}\n${e.message}\n${(e.stdout ?? "").slice(-3000)}\n${(e.stderr ?? "").slice(-3000)}`);
  }
}

async function generate(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec("pnpm", ["--silent", "new:middleware", ...args], { cwd: clone, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  clone = mkdtempSync(join(tmpdir(), "tsgi-clone-"));
  await sh(tmpdir(), "git", ["clone", "--quiet", "--no-hardlinks", repoRoot, clone]);
});

afterAll(() => {
  if (clone !== undefined) rmSync(clone, { recursive: true, force: true });
});

describe("pnpm new:middleware", () => {
  it.each([
    ["Bad_Name", /not a valid package name/],
    ["9lives", /valid npm name but not a middleware name.*starting with a letter/],
    ["my.middleware", /valid npm name but not a middleware name/],
    ["_private", /not a valid package name/],
    ["@tsgi/x", /without the scope/],
    ["core", /packages\/core exists already/],
    ["", /give the package name/],
  ])("refuses %j with a clear error and writes nothing", async (name, message) => {
    const { code, output } = await generate(name);
    expect(code).toBe(2);
    expect(output).toMatch(message);
    expect((await sh(clone, "git", ["status", "--porcelain"])).trim()).toBe("");
  });

  it("creates a package that builds, typechecks, lints and passes its tests with no edits", async () => {
    const { code, output } = await generate("demo-header", "Sets", "a", "demo", "header.");
    expect(code, output).toBe(0);
    const pkg = join(clone, "packages", "demo-header");
    for (const file of ["package.json", "README.md", "LICENSE", "src/index.ts", "src/demo-header.ts", "test/demo-header.test.ts", "tsup.config.ts"]) {
      expect(existsSync(join(pkg, file)), file).toBe(true);
    }
    expect(readFileSync(join(clone, ".changeset", "demo-header-new-package.md"), "utf8")).toContain('"@tsgi/demo-header": minor');
    // The store holds every dependency already; the new package adds only workspace links.
    // CI=true makes pnpm freeze the lockfile by default; the new package must be added to it.
    await sh(clone, "pnpm", ["install", "--offline", "--ignore-scripts", "--no-frozen-lockfile"]);
    const dry = JSON.parse(await sh(clone, "pnpm", ["exec", "turbo", "run", "lint", "typecheck", "test", "--dry=json"])) as { packages: string[] };
    expect(dry.packages).toContain("@tsgi/demo-header");
    // core and testing are built already (this test's turbo dependencies): the clone gets their
    // dist, and turbo runs only the new package's own tasks.
    for (const dep of ["core", "testing"]) {
      cpSync(join(repoRoot, "packages", dep, "dist"), join(clone, "packages", dep, "dist"), { recursive: true });
    }
    const out = await sh(clone, "pnpm", ["exec", "turbo", "run", "build", "lint", "typecheck", "test", "--filter=@tsgi/demo-header", "--only", "--output-logs=errors-only"]);
    expect(out).toMatch(/Tasks:\s+\d+ successful, \d+ total/);
    // The repository's ESLint rules (import boundaries included) hold for the new package too.
    await sh(clone, "pnpm", ["exec", "eslint", "packages/demo-header"]);
  });
});
