import type { App } from "@tsgi/core";
import { assertMiddleware } from "@tsgi/testing/conformance";
import { describe, it } from "vitest";
import { methodOverride, methods } from "../src/index.js";

// Every kit request is a form post, so the POST scenarios go through the form-field reader.
const form = { headers: [["Content-Type", "application/x-www-form-urlencoded"]] as [string, string][] };

describe("passes the middleware conformance kit", () => {
  it("as methods() routing GET, POST and DELETE to the inner app (HEAD automatic)", async () => {
    await assertMiddleware((app: App) => methods({ GET: app, POST: app, DELETE: app }));
  });

  it("as methodOverride reading header, query and form field", async () => {
    await assertMiddleware((app: App) => methodOverride(app, { query: "_method", field: "_method" }), form);
  });

  it("as methodOverride (form bodies over its 8-byte limit) in front of methods()", async () => {
    await assertMiddleware((app: App) => methodOverride(methods({ GET: app, POST: app }), { field: "_method", limit: 8 }), form);
  });
});
