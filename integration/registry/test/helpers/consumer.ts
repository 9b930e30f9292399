import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./release-tree.js";
import { run, step, strangerEnv } from "./run.js";

/** An empty folder outside the workspace, pointed at the local registry only. */
export function emptyProject(npmrc: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tsgi-consumer-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  writeFileSync(join(dir, ".npmrc"), npmrc);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] }, include: ["*.ts"] }, null, 2),
  );
  return dir;
}

/** The first ```ts block of a package's README: the example a stranger copies. */
export function firstExample(packageDir: string): string {
  const readme = readFileSync(join(repoRoot, "packages", packageDir, "README.md"), "utf8");
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error(`packages/${packageDir}/README.md has no \`\`\`ts example`);
  return match[1]!;
}

export async function install(dir: string, client: "npm" | "pnpm", packages: string[], dev: string[]): Promise<void> {
  step(`${client} add ${packages.join(" ")} (in an empty folder)`);
  const add = client === "npm" ? ["install"] : ["add"];
  await run(client, [...add, ...packages], { cwd: dir, timeoutMs: 240_000 });
  await run(client, [...add, "-D", ...dev], { cwd: dir, timeoutMs: 240_000 });
}

export async function typecheck(dir: string): Promise<void> {
  step("tsc --noEmit (moduleResolution nodenext)");
  await run(join(dir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], { cwd: dir });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a long-running command from the install (`npx tsgi serve …`,
 * `node --import tsx app.ts`) and resolves once `url` answers; stop() kills
 * its whole process group.
 */
export async function serve(dir: string, command: string, args: string[], url: string): Promise<{ stop(): Promise<void>; output(): string }> {
  const child = spawn(command, args, { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...strangerEnv(), NODE_ENV: "production" } });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      const kill = (signal: NodeJS.Signals): void => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // the group is gone already
        }
      };
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), 10_000);
      child.once("exit", () => clearTimeout(timer));
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited ${child.exitCode}:\n${output}`);
    try {
      await fetch(url);
      return { stop, output: () => output };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await stop();
  throw new Error(`${command} ${args.join(" ")} did not answer ${url} within 60 s:\n${output}`);
}
