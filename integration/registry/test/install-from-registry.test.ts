// A stranger's path: every package is versioned and published to a real
// local registry (verdaccio on 127.0.0.1), then installed ALONE in empty
// folders outside the workspace with npm and with pnpm, typechecked and served.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyProject, firstExample, freePort, install, serve, typecheck } from "./helpers/consumer.js";
import { makeReleaseTree, releaseAgain, versionAndPublish, type PublishedPackage } from "./helpers/release-tree.js";
import { step } from "./helpers/run.js";
import { startRegistry, type LocalRegistry } from "./helpers/verdaccio.js";

const DEV = ["typescript@~5.9.3", "@types/node@^20", "tsx@^4.23"];
let work: string;
let registry: LocalRegistry;
let published: PublishedPackage[];
let tree: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tsgi-registry-"));
  step(`node ${process.version}: verdaccio on 127.0.0.1 (storage in ${work})`);
  registry = await startRegistry(work);
  tree = await makeReleaseTree(work);
  published = await versionAndPublish(tree, registry.npmrc, registry.url);
});

afterAll(async () => {
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile());
}

type PublishedMeta = {
  version: string;
  engines?: { node?: string };
  repository?: { directory?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

type Packument = { "dist-tags": Record<string, string>; versions: Record<string, PublishedMeta> };

async function packument(name: string): Promise<Packument> {
  const res = await fetch(`${registry.url}/${name.replace("/", "%2f")}`);
  expect(res.status, name).toBe(200);
  return (await res.json()) as Packument;
}

async function publishedMeta(pkg: PublishedPackage): Promise<PublishedMeta> {
  const doc = await packument(pkg.name);
  expect(Object.keys(doc.versions), pkg.name).toContain(pkg.version);
  return doc.versions[pkg.version]!;
}

describe("publishing", () => {
  it("publishes every package at its changeset version with workspace: ranges rewritten", async () => {
    expect(published.length).toBeGreaterThanOrEqual(4);
    for (const pkg of published) {
      expect(pkg.version, pkg.name).not.toBe("0.0.0");
      // @tsgi/core is a peer (range 0.x) with onlyUpdatePeerDependentsWhenOutOfRange: a core
      // minor must not turn every middleware into 1.0.0.
      expect(pkg.version, pkg.name).toMatch(/^0\./);
      const meta = await publishedMeta(pkg);
      const ranges = Object.values({ ...meta.dependencies, ...meta.peerDependencies });
      expect(ranges.filter((r) => r.startsWith("workspace:")), pkg.name).toEqual([]);
    }
  });

  it("declares engines.node >= 20 and repository.directory in every published manifest", async () => {
    for (const pkg of published) {
      const meta = await publishedMeta(pkg);
      expect(meta.engines?.node, pkg.name).toBe(">=20");
      expect(meta.repository?.directory, pkg.name).toMatch(/^packages\//);
    }
  });
});

interface Scenario {
  title: string;
  client: "npm" | "pnpm";
  packages: string[];
  /** Writes app.ts (and whatever it serves) into the project. */
  write(dir: string): void;
  /** The command that serves app.ts, given the port. */
  command(port: number): [string, string[]];
  path: string;
  expectBody: RegExp;
  /** A second request and the status it must get, where the example has one. */
  alsoExpect?: { path: string; status: number; body: RegExp };
}

const tsgiServe = (port: number): [string, string[]] => ["npx", ["--no-install", "tsgi", "serve", "app.ts:app", "--bind", `127.0.0.1:${port}`]];

const staticSite = (dir: string): void => {
  writeFileSync(join(dir, "app.ts"), firstExample("static"));
  mkdirSync(join(dir, "public"));
  writeFileSync(join(dir, "public", "hello.txt"), "hello from a file\n");
};

// errors + dispatch composed by hand and served with makeServer, as a user's own server.ts would.
const composedApp = `import type { App } from "@tsgi/core";
import { dispatch } from "@tsgi/dispatch";
import { createError, errors } from "@tsgi/errors";
import { makeServer } from "@tsgi/server";

const hello: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
  return [new TextEncoder().encode(\`hello at \${environ.SCRIPT_NAME}\${environ.PATH_INFO}\n\`)];
};
const missing: App = () => {
  throw createError(404, "no such thing");
};

export const app = errors(dispatch({ "/hello": hello, "/missing": missing }));
const server = makeServer("127.0.0.1", Number(process.env.PORT), app);
await server.listen();
process.once("SIGTERM", () => void server.close({ timeout: 1_000 }).then(() => process.exit(0)));
`;

const scenarios: Scenario[] = [
  {
    title: "@tsgi/server + @tsgi/static with npm: the static README's first example under tsgi serve",
    client: "npm",
    packages: ["@tsgi/server", "@tsgi/static"],
    write: staticSite,
    command: tsgiServe,
    path: "/hello.txt",
    expectBody: /^hello from a file\n$/,
  },
  {
    // pnpm installs peers but links only what the project names at its root: an app that
    // imports @tsgi/core itself (the README example does, for the App type) names it.
    title: "@tsgi/core + @tsgi/server + @tsgi/static with pnpm (no hoisting: undeclared dependencies fail here)",
    client: "pnpm",
    packages: ["@tsgi/core", "@tsgi/server", "@tsgi/static"],
    write: staticSite,
    command: (port) => ["pnpm", ["exec", "tsgi", "serve", "app.ts:app", "--bind", `127.0.0.1:${port}`]],
    path: "/hello.txt",
    expectBody: /^hello from a file\n$/,
  },
  {
    title: "@tsgi/errors + @tsgi/dispatch + @tsgi/server with npm: a composed app on makeServer",
    client: "npm",
    packages: ["@tsgi/errors", "@tsgi/dispatch", "@tsgi/server"],
    write: (dir) => writeFileSync(join(dir, "app.ts"), composedApp),
    command: (port) => ["sh", ["-c", `PORT=${port} exec node --import tsx app.ts`]],
    path: "/hello/there",
    expectBody: /^hello at \/hello\/there\n$/,
    // The 404 thrown with createError, rendered by errors() from the install.
    alsoExpect: { path: "/missing", status: 404, body: /no such thing/ },
  },
  {
    title: "@tsgi/server alone, with npm: the fetch README's app under tsgi serve",
    client: "npm",
    packages: ["@tsgi/server"],
    write: (dir) => writeFileSync(join(dir, "app.ts"), firstExample("fetch")),
    command: tsgiServe,
    path: "/hello",
    expectBody: /^hello from \/hello\n$/,
  },
];

describe.each(scenarios)("$title", (scenario) => {
  let dir: string;
  let server: Awaited<ReturnType<typeof serve>> | undefined;

  beforeAll(async () => {
    dir = emptyProject(registry.npmrc);
    await install(dir, scenario.client, scenario.packages, DEV);
    scenario.write(dir);
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("installs only what was asked for, with the files each package needs and no tests or sources", () => {
    const installed = readdirSync(join(dir, "node_modules", "@tsgi"));
    for (const name of scenario.packages) expect(installed).toContain(name.split("/")[1]);
    for (const name of installed) {
      const files = filesUnder(join(dir, "node_modules", "@tsgi", name));
      expect(files.filter((f) => /(^|\/)(test|src)\//.test(f) || /\.test\./.test(f)), name).toEqual([]);
      expect(files, name).toContain("README.md");
      expect(files, name).toContain("LICENSE");
      for (const f of files.filter((x) => x.endsWith(".js"))) {
        const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, "node_modules", "@tsgi", name, f), "utf8"));
        if (map !== null && !map[1]!.startsWith("data:")) {
          expect(existsSync(join(dir, "node_modules", "@tsgi", name, f, "..", map[1]!)), `${name}/${f} → ${map[1]}`).toBe(true);
        }
      }
    }
    if (installed.includes("core")) expect(filesUnder(join(dir, "node_modules", "@tsgi", "core"))).toContain("SPEC.md");
  });

  it("typechecks the example with tsc --noEmit (nodenext)", async () => {
    await typecheck(dir);
  });

  it("serves the example over HTTP from the install", async () => {
    const port = await freePort();
    const [command, args] = scenario.command(port);
    step(`${command} ${args.join(" ")}`);
    server = await serve(dir, command, args, `http://127.0.0.1:${port}${scenario.path}`);
    const res = await fetch(`http://127.0.0.1:${port}${scenario.path}`);
    step(`GET ${scenario.path} → ${res.status}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(scenario.expectBody);
    if (scenario.alsoExpect === undefined) return;
    const other = await fetch(`http://127.0.0.1:${port}${scenario.alsoExpect.path}`);
    step(`GET ${scenario.alsoExpect.path} → ${other.status}`);
    expect(other.status).toBe(scenario.alsoExpect.status);
    expect(await other.text()).toMatch(scenario.alsoExpect.body);
  });
});

// What `pnpm version-packages` + `pnpm release` do on main, on the tree published above.
describe("the next release: changeset version, then changeset publish", () => {
  const NAME = "@tsgi/static";
  let release: Awaited<ReturnType<typeof releaseAgain>>;
  let before: string;

  beforeAll(async () => {
    before = published.find((p) => p.name === NAME)!.version;
    release = await releaseAgain(tree, registry.url, NAME);
  });

  const patched = (version: string): string => version.replace(/\.(\d+)$/, (_, patch: string) => `.${Number(patch) + 1}`);

  it("publishes the package with a changeset at its next patch version and makes it latest", async () => {
    const doc = await packument(NAME);
    expect(doc["dist-tags"].latest).toBe(patched(before));
    expect(Object.keys(doc.versions).sort()).toEqual([before, patched(before)].sort());
    expect(release.tags).toContain(`${NAME}@${patched(before)}`);
  });

  it("leaves every package without a changeset at the version already published", async () => {
    for (const pkg of published.filter((p) => p.name !== NAME)) {
      const doc = await packument(pkg.name);
      expect(Object.keys(doc.versions), pkg.name).toEqual([pkg.version]);
      expect(release.tags, pkg.name).not.toContain(`${pkg.name}@${patched(pkg.version)}`);
    }
  });
});
