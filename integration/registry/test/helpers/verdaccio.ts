import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePort } from "./consumer.js";
import { run } from "./run.js";

export interface LocalRegistry {
  url: string;
  /** The `.npmrc` lines that point npm and pnpm at it and let them publish. */
  npmrc: string;
  stop(): Promise<void>;
}

/** @tsgi/* live only here; everything else is proxied to the registry npm is configured with. */
async function writeConfig(dir: string, port: number): Promise<string> {
  // stdout only: npm prints warnings (e.g. 'Unknown user config "nodedir"') on stderr.
  const upstream = (await run("npm", ["config", "get", "registry"], { cwd: dir })).stdout.trim();
  if (!/^https?:\/\/\S+$/.test(upstream)) throw new Error(`npm config get registry gave ${JSON.stringify(upstream)}, not a URL`);
  const file = join(dir, "config.yaml");
  writeFileSync(
    file,
    [
      `storage: ${join(dir, "storage")}`,
      `auth: { htpasswd: { file: ${join(dir, "htpasswd")}, max_users: -1 } }`,
      // A slow answer under CI load must not mark the uplink dead for minutes (verdaccio: 2 fails → 5 m).
      `uplinks: { upstream: { url: "${upstream}", timeout: 120s, max_fails: 100, fail_timeout: 2s } }`,
      "packages:",
      "  '@tsgi/*': { access: $all, publish: $all, unpublish: $all }",
      "  '**': { access: $all, publish: $all, proxy: upstream }",
      "middlewares: { audit: { enabled: false } }",
      "publish: { allow_offline: true }",
      "web: { enable: false }",
      `listen: 127.0.0.1:${port}`,
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  return file;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verdaccio did not answer /-/ping within 60 s:\n${output()}`);
}

/** Starts verdaccio on 127.0.0.1 with its storage in `dir`. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const port = await freePort();
  const config = await writeConfig(dir, port);
  const bin = join(createRequire(import.meta.url).resolve("verdaccio/package.json"), "..", "bin", "verdaccio");
  const child = spawn(process.execPath, [bin, "--config", config], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    npmrc: `registry=${url}/\n//127.0.0.1:${port}/:_authToken=local-test-token\n`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
