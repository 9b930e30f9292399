import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

describe("README", () => {
  it("shows the conformance kit's first example exactly as test/readme-kit.test.ts runs it", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## The middleware conformance kit"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(readFileSync(join(root, "test", "readme-kit.test.ts"), "utf8"));
  });

  it("has one ### heading per option of ConformanceOptions", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const options = readFileSync(join(root, "src", "conformance", "options.ts"), "utf8");
    const declared = [...options.slice(0, options.indexOf("export interface ConformanceFailure")).matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]);
    const documented = [...readme.matchAll(/^### options\.(\w+)$/gm)].map((m) => m[1]);
    expect(documented).toEqual(declared);
  });
});
