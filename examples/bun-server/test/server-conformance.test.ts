import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conformanceApp } from "./conformance-app.js";
import { serverChecks } from "./server-checks.js";

// The same checks against @tsgi/server and against the Bun server of this
// example (written from SPEC.md alone), each on 127.0.0.1. Outside CI a Bun
// that cannot start skips its half with the reason printed; in CI it fails.

const root = fileURLToPath(new URL("..", import.meta.url));
const bunBinary = join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
/** Lines the server wrote to tsgi.errors / stderr, checked for rule ids at the end. */
const logs = { node: "", bun: "", fetch: "" };

function bunUnavailable(): string | undefined {
  const probe = spawnSync(bunBinary, ["--version"], { encoding: "utf8", timeout: 15_000 });
  if (probe.error) return `${bunBinary} --version failed: ${probe.error.message}`;
  if (probe.status !== 0) return `${bunBinary} --version exited ${probe.status}: ${probe.stderr.trim()}`;
  return undefined;
}

/** Runs `script` with bun; its output goes to logs[log]. */
function startBun(script: string, log: "bun" | "fetch"): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(bunBinary, [script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (logs[log] += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (logs[log] += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bun printed no 'listening on' line in 15 s:\n${logs[log]}`)), 15_000);
    const check = (): void => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(logs[log]);
      if (match === null) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, child });
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`bun exited with ${code}:\n${logs[log]}`)));
  });
}

/** Rule ids in a server's log mean validate() caught the server breaking a rule. */
const RULE_ID = /\[(?:app|environ|input|errors|start-response|status|headers|body|server)\.[a-z0-9-]+\]/;

describe("@tsgi/server", () => {
  let server: TsgiServer;
  beforeAll(async () => {
    server = makeServer("127.0.0.1", 0, conformanceApp, { errors: (text) => void (logs.node += text) });
    await server.listen();
  });
  afterAll(() => server?.close());

  it.each(serverChecks)("%s", async (_name, run) => run(server.url, "node"));
  it("breaks no server-side rule validate() can see", () => {
    expect(logs.node).not.toMatch(RULE_ID);
  });
});

const reason = bunUnavailable();
if (reason !== undefined) {
  if (inCi) throw new Error(`bun must run in CI: ${reason}`);
  console.log(`skipping the Bun server checks: ${reason}`);
}

// The SPEC-only server of this example, and @tsgi/fetch's toFetchHandler (the bridge the project ships for
// fetch runtimes) on the same Bun.serve: every server we ship answers the same checks.
describe.skipIf(reason !== undefined).each([
  ["the SPEC-only Bun server (examples/bun-server)", "test/serve-bun.ts", "bun"],
  ["@tsgi/fetch's toFetchHandler on Bun.serve", "test/serve-fetch.ts", "fetch"],
] as const)("%s", (_title, script, log) => {
  let bun: { url: string; child: ChildProcess } | undefined;
  beforeAll(async () => {
    bun = await startBun(script, log);
  });
  afterAll(() => {
    bun?.child.kill("SIGKILL");
  });

  it.each(serverChecks)("%s", async (_name, run) => run(bun!.url, "bun"));
  it("breaks no server-side rule validate() can see", () => {
    expect(logs[log]).not.toMatch(RULE_ID);
  });
});
