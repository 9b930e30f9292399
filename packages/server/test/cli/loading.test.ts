import { afterAll, describe, expect, it } from "vitest";
import { killChildren, request, startTsgi } from "./helpers.js";

afterAll(killChildren);

describe("tsgi serve: loading the app", () => {
  it.concurrent.each([
    ["a .ts module's `app` export", "app.ts", "Hello World!"],
    ["an .mts module's default export", "default-export.mts", "mts default"],
    ["a .js module's `app` export", "plain.js:app", "js app"],
    ["an .mjs module's default export", "plain.mjs", "mjs default"],
    ["a factory, called once", "factory.ts:createApp()", "factory app"],
    ["a module named without its extension", "factory:createApp()", "factory app"],
  ])("serves %s with no build step", async (_name, spec, body) => {
    const tsgi = await startTsgi([spec, "--bind", "127.0.0.1:0"]);
    try {
      const reply = await request(tsgi.url + "/");
      expect(reply.status).toBe(200);
      expect(reply.body).toBe(body);
    } finally {
      expect(await tsgi.stop()).toBe(0);
    }
  });
});
