import { validate, type App, type Chunk } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { createError, errors } from "../src/index.js";
import { streaming, throwing, utf8 } from "./helpers.js";

// validate() inside checks errors() as a server towards the app; testClient's
// validate() outside checks it as an app towards the server (SPEC §7).
const arrayApp: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "2"]]);
  return [utf8.encode("ok")];
};
const asyncApp: App = async (_environ, startResponse) => {
  await Promise.resolve();
  startResponse("201 Created", [["Content-Type", "text/plain"]]);
  return [utf8.encode("made")];
};
const lazyApp: App = (_environ, startResponse) =>
  (async function* (): AsyncGenerator<Chunk> {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    yield utf8.encode("lazy");
  })();
const emptyNotFound: App = (_environ, startResponse) => {
  startResponse("404 Not Found", [["Content-Length", "0"]]);
  return [];
};

describe("errors() validated on both sides", () => {
  it.each([
    ["an Array body", arrayApp, 200, "ok"],
    ["an async app", asyncApp, 201, "made"],
    ["a lazy generator", lazyApp, 200, "lazy"],
    ["a streamed body", streaming(["a", "b"]), 200, "ab"],
  ])("passes %s through", async (_what, app, status, text) => {
    for (const options of [{}, { statusPages: true }]) {
      const response = await testClient(errors(validate(app), options)).get("/");
      expect(response.status).toBe(status);
      expect(response.text()).toBe(text);
    }
  });

  it.each([
    ["a synchronous throw", throwing(createError(400)), 400],
    ["a throw before the first chunk", streaming([], new Error("x")), 500],
  ])("answers %s", async (_what, app, status) => {
    expect((await testClient(errors(validate(app))).get("/")).status).toBe(status);
  });

  it("aborts a mid-stream failure", async () => {
    const response = await testClient(errors(validate(streaming(["a"], new Error("late"))))).get("/", { stream: true });
    await expect(response.text()).rejects.toThrow("late");
  });

  it("gives an empty 404 its page", async () => {
    const response = await testClient(errors(validate(emptyNotFound), { statusPages: true })).get("/");
    expect(response.text()).toContain("Not Found");
  });

  it("returns a synchronous app's Array as an Array, at once, for the server's fast path", async () => {
    const environ = await testClient(arrayApp).environFor("GET", "/");
    const body = errors(arrayApp)(environ, () => {});
    expect(Array.isArray(body)).toBe(true);
  });
});
