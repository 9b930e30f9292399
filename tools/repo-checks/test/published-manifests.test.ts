// What every published package's package.json promises a stranger: checked
// here so a new package (or an edit) cannot drop one quietly. The registry
// test (integration/registry) checks the same manifests after a real publish.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  sideEffects?: boolean | string[];
  files?: string[];
  engines?: { node?: string };
  repository?: { directory?: string };
  scripts?: Record<string, string>;
}

const published = readdirSync(join(root, "packages"))
  .filter((dir) => existsSync(join(root, "packages", dir, "package.json")))
  .map((dir): [string, Manifest] => [dir, JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as Manifest])
  .filter(([, m]) => m.private !== true);

describe("every published package's manifest", () => {
  it("covers the packages a release publishes", () => {
    expect(published.map(([, m]) => m.name)).toEqual(expect.arrayContaining(["@tsgi/core", "@tsgi/server", "@tsgi/static"]));
  });

  // `pnpm test` runs each package's lint script (turbo task `lint`).
  it.each(published)("packages/%s runs publint --strict and attw --profile esm-only in its lint script", (_, m) => {
    expect(m.scripts?.lint).toMatch(/publint --strict/);
    expect(m.scripts?.lint).toMatch(/attw --pack \. --profile esm-only/);
  });

  it.each(published)("packages/%s declares engines.node >=20, its repository.directory and sideEffects: false", (dir, m) => {
    expect(m.engines?.node).toBe(">=20");
    expect(m.repository?.directory).toBe(`packages/${dir}`);
    expect(m.sideEffects).toBe(false);
  });

  it.each(published)("packages/%s ships an MIT LICENSE and its README", (dir, m) => {
    expect(m.license).toBe("MIT");
    expect(readFileSync(join(root, "packages", dir, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(m.files).toEqual(expect.arrayContaining(["dist", "README.md", "LICENSE"]));
  });
});
