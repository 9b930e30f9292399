import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { afterAll, describe, expect, it } from "vitest";
import { errorLines } from "./helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
// The example imports the published name; here it runs against this package's source.
const file = new URL("./readme-example.generated.ts", import.meta.url);
writeFileSync(file, example.replace('from "@tsgi/errors"', 'from "../src/index.js"'));
afterAll(() => rmSync(file, { force: true }));

describe("the README's first example", () => {
  it("answers a known user, a 404 as problem+json and a crash without its secret", async () => {
    const { app } = (await import(file.href)) as { app: App };
    const client = testClient(app);
    const ada = await client.get("/1");
    expect(ada.status).toBe(200);
    expect(ada.text()).toBe("Ada Lovelace\n");

    const missing = await client.get("/2", { headers: { Accept: "application/json", "X-Request-Id": "6f1c1c9e-4b9e-4e0c-9d57-5c1a3c2b8f10" } });
    expect(missing.status).toBe(404);
    const shown = /```http\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(shown).toContain(`Content-Length: ${missing.headers.get("content-length")}`);
    expect(shown).toContain(missing.text().trim());
    for (const [name, value] of missing.headers) expect(shown).toContain(name === "X-Request-Id" ? name : `${name}: ${value}`);
    expect(errorLines(missing.errors)[0]).toMatch(/^\[tsgi errors\] 404 GET \/2 request_id=6f1c1c9e-\S+ answered with an error page: HttpError: There is no user 2\./);

    const crash = await client.get("/crash");
    expect(crash.status).toBe(500);
    expect(crash.text()).not.toContain("hunter2");
    expect(errorLines(crash.errors)[0]).toContain("hunter2");
  });
});
