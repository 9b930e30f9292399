import type { App } from "@tsgi/core";
import { assertMiddleware } from "@tsgi/testing/conformance";
import { describe, it } from "vitest";
import { methodOverride, methods } from "../src/index.js";

describe("the middleware conformance kit", () => {
  it("passes with methods() routing GET and POST to the inner app (HEAD automatic)", async () => {
    await assertMiddleware((app: App) => methods({ GET: app, POST: app, DELETE: app }));
  });

  it("passes with methodOverride reading header, query and form field", async () => {
    await assertMiddleware((app: App) => methodOverride(app, { query: "_method", field: "_method" }));
  });

  it("passes with methodOverride in front of methods()", async () => {
    await assertMiddleware((app: App) => methodOverride(methods({ GET: app, POST: app }), { field: "_method", limit: 8 }));
  });
});
