import type { App } from "@tsgi/core";
import { createError, errors } from "@tsgi/errors";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { compress, rewriteHtml, rewriteText } from "../src/index.js";
import { appOf, CloseCounter, enc } from "./helpers.js";

const html = (counter: CloseCounter) =>
  appOf(["<html><body><p>a</p>", "<p>b</p></body></html>"], { as: "stream", counter, headers: [["Content-Type", "text/html"]] });

describe("with @tsgi/errors outside", () => {
  it("an HTML handler failing before the first byte becomes errors()'s page, logged once, body closed once", async () => {
    const counter = new CloseCounter();
    const app = errors(rewriteHtml(html(counter), [["p", { element: () => { throw new Error("selector handler broke"); } }]]));
    const res = await testClient(app).get("/", { headers: { Accept: "application/json" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.text()).not.toContain("selector handler broke");
    expect(res.errors.match(/selector handler broke/g)?.length).toBe(1);
    expect(counter.count).toBe(1);
  });

  it("an HttpError thrown by a whole-body transform keeps its status", async () => {
    const counter = new CloseCounter();
    const app = errors(rewriteText(appOf(["x"], { as: "stream", counter }), { transform: () => { throw createError(422, "cannot rewrite"); } }));
    const res = await testClient(app).get("/", { headers: { Accept: "text/plain" } });
    expect(res.status).toBe(422);
    expect(res.text()).toContain("cannot rewrite");
    expect(counter.count).toBe(1);
  });

  it("a failure after the first compressed byte aborts the response instead of ending it cleanly", async () => {
    const counter = new CloseCounter();
    const failsLate: App = (_environ, startResponse) =>
      counter.track(
        (async function* () {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          yield enc("x".repeat(5000));
          throw new Error("upstream broke mid-stream");
        })(),
      );
    const app = errors(compress(rewriteText(failsLate, { append: "!" })));
    await expect(testClient(app).get("/", { headers: { "Accept-Encoding": "gzip" } })).rejects.toThrow("upstream broke mid-stream");
    expect(counter.count).toBe(1);
  });
});
