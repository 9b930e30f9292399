import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { App, Middleware } from "@tsgi/core";
import { afterAll, describe, expect, it } from "vitest";
import { assertMiddleware } from "../src/conformance.js";
import { testClient } from "../src/index.js";

// The examples of @tsgi/core's SPEC.md §10 and README, written out as they
// are printed, imported, and run through the conformance kit.
const core = join(import.meta.dirname, "..", "..", "core");
const out = join(import.meta.dirname, ".generated");
mkdirSync(out, { recursive: true });
afterAll(() => rmSync(out, { recursive: true, force: true }));

function block(markdown: string, heading: string, lang: string, index = 0): string {
  const section = markdown.slice(markdown.indexOf(heading));
  const blocks = [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))];
  return blocks[index]![1]!;
}

async function load<T>(name: string, code: string): Promise<T> {
  const file = join(out, name);
  writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)) as T;
}

const spec = readFileSync(join(core, "SPEC.md"), "utf8");
const readme = readFileSync(join(core, "README.md"), "utf8");

describe("SPEC.md §10 examples", () => {
  it("§10.1 hello world answers and validates", async () => {
    const { hello } = await load<{ hello: App }>("spec-10-1.ts", block(spec, "### §10.1", "ts"));
    const response = await testClient(hello).get("/");
    expect(response.text()).toBe("Hello, world!\n");
  });

  it("§10.2 the footer middleware passes the conformance kit", async () => {
    const { modify } = await load<{ modify: Middleware }>("spec-10-2.ts", block(spec, "### §10.2", "ts"));
    await assertMiddleware(modify, { changesBody: true });
  });

  it("§10.3 the error handler passes the conformance kit", async () => {
    const { catchErrors } = await load<{ catchErrors: Middleware }>("spec-10-3.ts", block(spec, "### §10.3", "ts"));
    await assertMiddleware(catchErrors, { handlesErrors: true });
  });

  it("§10.3 inside §10.2 can still answer a failure before the first byte (late excInfo)", async () => {
    const { modify } = await load<{ modify: Middleware }>("spec-10-2b.ts", block(spec, "### §10.2", "ts"));
    const { catchErrors } = await load<{ catchErrors: Middleware }>("spec-10-3b.ts", block(spec, "### §10.3", "ts"));
    const failsBeforeFirstByte: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        throw new Error("database gone");
      })();
    };
    const response = await testClient(modify(catchErrors(failsBeforeFirstByte))).get("/");
    expect(response.status).toBe(500);
    expect(response.text()).toBe("Internal Server Error\n -- Modified by middleware");
  });

  it("§10.4 runs as printed: the composed app validates, and both middleware pass the kit", async () => {
    await load("spec-10-1c.ts", block(spec, "### §10.1", "ts"));
    await load("spec-10-2c.ts", block(spec, "### §10.2", "ts"));
    await load("spec-10-3c.ts", block(spec, "### §10.3", "ts"));
    const prelude = [
      'import { hello } from "./spec-10-1c.ts";',
      'import { modify } from "./spec-10-2c.ts";',
      'import { catchErrors } from "./spec-10-3c.ts";',
    ].join("\n");
    const { app } = await load<{ app: App }>("spec-10-4.ts", `${prelude}\n${block(spec, "### §10.4", "ts")}\nexport { app };\n`);
    const response = await testClient(app).get("/");
    expect(response.text()).toBe("Hello, world!\n -- Modified by middleware");
  });
});

describe("@tsgi/core README", () => {
  it("the usage example prints what it says, and its footer passes the conformance kit", async () => {
    const code = block(readme, "## Usage", "js");
    const file = join(out, "readme-usage.mjs");
    writeFileSync(file, code);
    const printed = execFileSync(process.execPath, [file], { encoding: "utf8", timeout: 20_000 });
    const promised = [...code.matchAll(/^\/\/ (.*)$/gm)].map((m) => m[1]).slice(-2).join("\n");
    expect(printed.trim()).toBe(promised);
    const { footer } = (await import(pathToFileURL(file).href)) as { footer: Middleware };
    await assertMiddleware(footer, { changesBody: true });
  });
});
