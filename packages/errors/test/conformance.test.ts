import { assertMiddleware } from "@tsgi/testing/conformance";
import { it } from "vitest";
import { errors } from "../src/index.js";

it("passes the middleware conformance kit", async () => {
  // It replaces a failing inner app's response with its own error page, by design.
  await assertMiddleware((app) => errors(app), { handlesErrors: true });
});

it("passes the middleware conformance kit with statusPages and debug on", async () => {
  await assertMiddleware((app) => errors(app, { statusPages: true, debug: true, log: false }), { handlesErrors: true });
});
