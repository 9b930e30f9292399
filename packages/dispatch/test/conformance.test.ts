import type { App } from "@tsgi/core";
import { assertMiddleware } from "@tsgi/testing/conformance";
import { describe, it } from "vitest";
import { dispatch } from "../src/index.js";
import { declining, echo } from "./helpers.js";

// SCRIPT_NAME + PATH_INFO stays the request's path under every mount, so none of these
// declares rewritesPath: the kit checks that the mounted app sees the path it was sent.
describe("the middleware conformance kit", () => {
  it("passes with the app at a path mount", () => assertMiddleware((app: App) => dispatch({ "/conformance": app })));

  it("passes with the app at the root mount", () => assertMiddleware((app: App) => dispatch({ "/": app, "/other": echo("other") })));

  it("passes with the app as the fallback", () => assertMiddleware((app: App) => dispatch({ "/other": echo("other") }, { fallback: app })));

  it("passes with cascade on (the answer goes through callApp)", () =>
    assertMiddleware((app: App) => dispatch({ "/conformance": app }, { cascade: true })));

  it("passes when a longer mount declines first and its body is closed", () =>
    assertMiddleware((app: App) => dispatch({ "/conformance/x": declining(), "/conformance": app }, { cascade: true }), {
      path: "/conformance/x/y",
    }));

  it("passes with a host key and a path parameter", () =>
    assertMiddleware((app: App) => dispatch({ "//localhost/:section": app }, { params: true })));
});
