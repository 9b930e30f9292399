import type { App } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { rewriteHeaders } from "../src/index.js";
import { appOf, CloseCounter } from "./helpers.js";

describe("rewriteHeaders", () => {
  it("applies remove, then set, then append from a declarative map", async () => {
    const app = appOf(["hi"], {
      headers: [["Content-Type", "text/plain"], ["X-Powered-By", "php"], ["X-Frame-Options", "ALLOW"], ["Link", "</a>"]],
    });
    const wrapped = rewriteHeaders(app, {
      remove: ["x-powered-by"],
      set: { "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff" },
      append: { Link: ["</b>", "</c>"] },
    });
    const res = await testClient(wrapped).get("/");
    expect(res.headers.raw).toEqual([
      ["Content-Type", "text/plain"],
      ["X-Frame-Options", "DENY"],
      ["Link", "</a>"],
      ["X-Content-Type-Options", "nosniff"],
      ["Link", "</b>"],
      ["Link", "</c>"],
    ]);
    expect(res.text()).toBe("hi");
  });

  it("lets a function change the status and see the environ", async () => {
    const wrapped = rewriteHeaders(appOf(["gone"]), (status, headers, environ) => {
      headers.push(["X-Path", environ.PATH_INFO]);
      return { status: status.startsWith("200") ? "410 Gone" : status };
    });
    const res = await testClient(wrapped).get("/old");
    expect(res.status).toBe(410);
    expect(res.headers.get("x-path")).toBe("/old");
  });

  it("leaves the body object itself alone, so streaming and close() are untouched", async () => {
    const counter = new CloseCounter();
    const inner = appOf(["a", "b"], { as: "stream", counter });
    const res = await testClient(rewriteHeaders(inner, { set: { "X-A": "1" } })).get("/");
    expect(res.text()).toBe("ab");
    expect(counter.count).toBe(1);
  });

  it("edits an error page sent with excInfo too", async () => {
    const failing: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], new Error("boom"));
      return [new TextEncoder().encode("oops")];
    };
    const res = await testClient(rewriteHeaders(failing, { set: { "X-Content-Type-Options": "nosniff" } })).get("/");
    expect(res.status).toBe(500);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
