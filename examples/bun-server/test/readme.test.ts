import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const bunBinary = join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
const probe = spawnSync(bunBinary, ["--version"], { encoding: "utf8", timeout: 15_000 });
const reason = probe.status === 0 ? undefined : `bun --version failed: ${probe.error?.message ?? probe.stderr}`;
if (reason !== undefined) {
  if (inCi) throw new Error(reason);
  console.log(`skipping the README run under Bun: ${reason}`);
}

describe("README", () => {
  it("shows main.ts verbatim as its first ts example", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(join(root, "main.ts"), "utf8"));
  });

  it.skipIf(reason !== undefined)("serves the example under bun", async () => {
    const child = spawn(bunBinary, ["main.ts", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no 'listening on' line:\n${out}`)), 15_000);
        child.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
      });
      const response = await fetch(`${url}/caf%C3%A9`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("hello from /café\n");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
