// Why @tsgi/core is a peer dependency: classes are identities. With two
// installed copies, an error thrown by one copy is not an instance of the
// other copy's class, so `err instanceof BodyTooLargeError` in a server or
// `instanceof SpecViolation` in a test silently takes the wrong branch.
// Packages that build on core therefore take it as a peer (the app's copy),
// and apps list it as a dependency: the one copy everything shares.
import { cp, mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type * as Core from "@tsgi/core";
import type * as Server from "@tsgi/server";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const CORE = "@tsgi/core";

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

async function manifestsIn(folder: string): Promise<Array<[string, Manifest]>> {
  const entries = await readdir(path.join(root, folder), { withFileTypes: true });
  const found: Array<[string, Manifest]> = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const file = path.join(root, folder, entry.name, "package.json");
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined) found.push([`${folder}/${entry.name}`, JSON.parse(text) as Manifest]);
  }
  return found;
}

const libraries = (await manifestsIn("packages")).filter(([, m]) => m.name !== CORE);
const apps = [...(await manifestsIn("examples")), ["bench", JSON.parse(await readFile(path.join(root, "bench/package.json"), "utf8")) as Manifest] as [string, Manifest]];

function usesTsgi(m: Manifest): boolean {
  return Object.keys({ ...m.dependencies, ...m.peerDependencies }).some((name) => name.startsWith("@tsgi/"));
}

describe("@tsgi/core's place in package.json", () => {
  it.each(libraries)("%s takes @tsgi/core as a peer dependency, with a dev dependency for its tests", (_, m) => {
    // The range itself is release policy (changesets bumps peer-dependents); the test asks only where core is.
    expect(m.peerDependencies?.[CORE]).toMatch(/^workspace:/);
    expect(m.devDependencies?.[CORE]).toMatch(/^workspace:/);
    expect(m.dependencies?.[CORE]).toBeUndefined();
  });

  it.each(apps.filter(([, m]) => usesTsgi(m)))("%s, an app, depends on @tsgi/core: the one copy its packages share", (_, m) => {
    expect(m.dependencies?.[CORE]).toMatch(/^workspace:/);
  });
});

describe("two installed copies of @tsgi/core", () => {
  const temp = mkdtemp(path.join(tmpdir(), "tsgi-two-cores-"));
  afterAll(async () => rm(await temp, { recursive: true, force: true }));

  const require = createRequire(import.meta.url);

  /** Installs a built workspace package the way a package manager does: package.json and dist/ into `modules`. */
  async function install(name: string, modules: string): Promise<string> {
    const built = path.dirname(require.resolve(`${name}/package.json`));
    const target = path.join(modules, name);
    await cp(path.join(built, "package.json"), path.join(target, "package.json"));
    await cp(path.join(built, "dist"), path.join(target, "dist"), { recursive: true });
    return target;
  }

  async function load<T>(target: string): Promise<T> {
    return (await import(pathToFileURL(path.join(target, "dist/index.js")).href)) as T;
  }

  async function installCopy(name: string): Promise<typeof Core> {
    return load<typeof Core>(await install(CORE, path.join(await temp, name, "node_modules")));
  }

  /**
   * An app folder with @tsgi/core and @tsgi/server in node_modules. `nested`
   * adds the layout a package manager makes when the server *depends* on a
   * core version other than the app's: a second core under
   * node_modules/@tsgi/server/node_modules, which the server then resolves.
   */
  async function appFolder(name: string, nested: boolean): Promise<{ core: typeof Core; server: typeof Server }> {
    const modules = path.join(await temp, name, "node_modules");
    const core = await load<typeof Core>(await install(CORE, modules));
    const serverDir = await install("@tsgi/server", modules);
    const serverManifest = JSON.parse(await readFile(path.join(serverDir, "package.json"), "utf8")) as Manifest;
    const serverSource = path.dirname(require.resolve("@tsgi/server/package.json"));
    for (const dep of Object.keys(serverManifest.dependencies ?? {})) {
      const from = await realpath(path.join(serverSource, "node_modules", dep));
      await mkdir(path.dirname(path.join(modules, dep)), { recursive: true });
      await symlink(from, path.join(modules, dep), "dir");
    }
    if (nested) await install(CORE, path.join(serverDir, "node_modules"));
    return { core, server: await load<typeof Server>(serverDir) };
  }

  /** Serves an app that reads its body with a 4-byte limit, POSTs 10 bytes, returns the status. */
  async function postTooLarge({ core, server }: { core: typeof Core; server: typeof Server }): Promise<number> {
    const errors: string[] = [];
    const app: Core.App = async (environ, startResponse) => {
      await core.readBody(environ, { limit: 4 });
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [];
    };
    const running = server.makeServer("127.0.0.1", 0, app, { errors: (text) => errors.push(text) });
    await running.listen();
    try {
      const response = await fetch(running.url, { method: "POST", body: "0123456789", signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      return response.status;
    } finally {
      await running.close({ timeout: 0 });
    }
  }

  it("make the server answer 500 instead of 413 when the app's readBody hits its limit", async () => {
    expect(await postTooLarge(await appFolder("server-depends-on-core", true))).toBe(500);
  });

  it("are avoided by a peer dependency: the server uses the app's copy and answers 413", async () => {
    expect(await postTooLarge(await appFolder("server-peers-on-core", false))).toBe(413);
  });

  async function tooLarge(core: typeof Core): Promise<unknown> {
    const environ = { CONTENT_LENGTH: "10", "tsgi.input": core.emptyInput } as unknown as Core.Environ;
    return core.readBody(environ, { limit: 1 }).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it("do not recognise each other's BodyTooLargeError, so a server's 413 branch is skipped", async () => {
    const [app, server] = [await installCopy("app"), await installCopy("middleware")];
    const error = await tooLarge(app);
    expect(error).toBeInstanceOf(app.BodyTooLargeError);
    expect(error instanceof server.BodyTooLargeError).toBe(false);
    expect(error instanceof server.HttpError).toBe(false);
  });

  it("do not recognise each other's SpecViolation", async () => {
    const [app, tests] = [await installCopy("app-2"), await installCopy("tests-2")];
    const rule = Object.keys(app.RULES)[0]!;
    const violation = new app.SpecViolation(rule, "broken");
    expect(violation).toBeInstanceOf(app.SpecViolation);
    expect(violation instanceof tests.SpecViolation).toBe(false);
  });

  it("one shared copy recognises its own errors (what the peer dependency buys)", async () => {
    const shared = await installCopy("shared");
    const again = (await import(pathToFileURL(path.join(await temp, "shared/node_modules", CORE, "dist/index.js")).href)) as typeof Core;
    expect(await tooLarge(shared)).toBeInstanceOf(again.BodyTooLargeError);
  });
});
