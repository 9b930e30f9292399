import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run, step } from "./run.js";

export const repoRoot = resolve(fileURLToPath(new URL("../../../../", import.meta.url)));

export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/** The packages a release publishes: every non-private one under packages/. */
export function publishable(root: string): PublishedPackage[] {
  return readdirSync(join(root, "packages"))
    .map((name) => join(root, "packages", name))
    .filter((dir) => existsSync(join(dir, "package.json")) && readManifest(dir).private !== true)
    .map((dir) => ({ ...readManifest(dir), dir }));
}

/**
 * A throwaway copy of the committed tree (git archive HEAD) with each
 * package's built dist copied in — the same files `pnpm build` made for the
 * tests — so versioning and publishing never touch the real checkout.
 */
export async function makeReleaseTree(dir: string): Promise<string> {
  const tree = join(dir, "tree");
  mkdirSync(tree, { recursive: true });
  await run("sh", ["-c", `git -C "${repoRoot}" archive --format=tar HEAD | tar -x -C "${tree}"`], { cwd: dir });
  for (const pkg of publishable(tree)) {
    const folder = pkg.dir.split("/").pop()!;
    const dist = join(repoRoot, "packages", folder, "dist");
    if (!existsSync(dist)) throw new Error(`${pkg.name} has no dist: build it first (turbo builds every dependency of this test)`);
    cpSync(dist, join(pkg.dir, "dist"), { recursive: true });
  }
  return tree;
}

const changeset = join(repoRoot, "node_modules", "@changesets", "cli", "bin.js");

/** `changeset version`, then `pnpm -r publish` to the local registry. */
export async function versionAndPublish(tree: string, npmrc: string, registryUrl: string): Promise<PublishedPackage[]> {
  // pnpm resolves workspace: ranges from the installed workspace; the store
  // already holds every package of the lockfile, so this stays offline.
  step("pnpm install --offline (throwaway tree)");
  await run("pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts", "--filter", "./packages/*"], { cwd: tree, timeoutMs: 240_000 });
  step("changeset version (throwaway tree)");
  await run(process.execPath, [changeset, "version"], { cwd: tree });
  writeFileSync(join(tree, ".npmrc"), npmrc);
  step("pnpm -r publish → local registry");
  const { output } = await run("pnpm", ["-r", "publish", "--no-git-checks", "--registry", `${registryUrl}/`], { cwd: tree, timeoutMs: 240_000 });
  for (const line of output.split("\n").filter((l) => l.startsWith("+ @tsgi/"))) step(`  published ${line.slice(2)}`);
  return publishable(tree);
}

/**
 * The next release the way CONTRIBUTING cuts one (`pnpm version-packages`,
 * then `changeset publish` as `pnpm release` runs it): a patch changeset on
 * `name`, `changeset version`, `changeset publish`. The tree becomes a git
 * repository first, because changeset publish tags what it published.
 */
export async function releaseAgain(tree: string, registryUrl: string, name: string): Promise<{ output: string; tags: string[] }> {
  const git = (args: string[]) => run("git", ["-c", "user.name=registry-test", "-c", "user.email=registry-test@example.invalid", ...args], { cwd: tree });
  await git(["init", "-q", "-b", "main"]);
  await git(["add", "-A"]);
  await git(["commit", "-q", "-m", "release tree"]);
  writeFileSync(join(tree, ".changeset", "registry-test-next-release.md"), `---\n"${name}": patch\n---\n\nThe next release, cut by the registry test.\n`);
  step(`changeset version (a patch changeset on ${name})`);
  await run(process.execPath, [changeset, "version"], { cwd: tree });
  // changeset publish reads the registry from npm_config_registry only (not .npmrc) and would
  // otherwise name the public registry on its command lines.
  step("changeset publish → local registry");
  const { output } = await run(process.execPath, [changeset, "publish"], { cwd: tree, env: { npm_config_registry: `${registryUrl}/` }, timeoutMs: 240_000 });
  const lines = output.split("\n").map((l) => l.replace(/^🦋\s+/, "").trim());
  step(`  ${lines.filter((l) => /is not being published/.test(l)).length} packages skipped: their version is on the registry already`);
  for (const line of lines.filter((l) => /is being published|published successfully|New tag|^@tsgi\/\S+@\d/.test(l))) step(`  ${line}`);
  const tags = (await git(["tag", "--list"])).stdout.split("\n").filter((t) => t !== "");
  return { output, tags };
}
