// The README's first example, as printed: a stranger's first server.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const dir = join(import.meta.dirname, ".generated-readme");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("serves the README's first example on 127.0.0.1 and stops on Ctrl+C", async () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  // As printed, but on port 0: the CLI tests use 8000, tsgi serve's default, at the same time.
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!.replace('makeServer("", 8000, app)', 'makeServer("", 0, app)');
  expect(example).toContain('makeServer("", 0, app)');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "server.ts");
  writeFileSync(file, example);
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const child = spawn(process.execPath, ["--import", tsx, file], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  let url = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Serving on" within 20 s:\n${output}`)), 20_000);
      child.stdout.on("data", () => {
        const served = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (served !== null) {
          url = served[1]!;
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`the example exited:\n${output}`)));
    });
    const res = await fetch(`${url}/readme`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("Hello from /readme\n");
  } finally {
    child.kill("SIGINT");
  }
  expect(await exited).toBe(0);
});
