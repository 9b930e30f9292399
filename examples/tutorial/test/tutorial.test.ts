import { testClient } from "@tsgi/testing";
import { assertMiddleware } from "@tsgi/testing/conformance";
import { describe, expect, it } from "vitest";
import { dispatcher } from "../dispatcher.js";
import { errorMiddleware } from "../errors.js";
import { simpleApp } from "../hello.js";
import { usersApp, users } from "../methods.js";
import { simpleMiddleware } from "../middleware.js";
import { app } from "../server.js";
import type { App } from "@tsgi/core";

// Every request of testClient runs through validate(), so each test also
// checks that the translated snippet conforms to the spec.

describe("the WSGI tutorial in tsgi", () => {
  it("simple_app says hello", async () => {
    const res = await testClient(simpleApp).get("/");
    expect(res.statusLine).toBe("200 OK");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.text()).toBe("Hello world!\n");
  });

  it("SimpleMiddleware appends its suffix to a streamed body and still closes the inner body", async () => {
    let closed = 0;
    const streaming: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-type", "text/plain"], ["Content-Length", "5"]]);
      return Object.assign(
        (async function* () {
          yield new TextEncoder().encode("hello");
        })(),
        { close: () => void closed++ },
      );
    };
    const res = await testClient(simpleMiddleware(streaming)).get("/");
    expect(res.text()).toBe("hello -- Modified by middleware");
    expect(res.headers.get("content-length")).toBe(String("hello -- Modified by middleware".length));
    expect(closed).toBe(1);
  });

  it.each([
    ["204 No Content", [] as [string, string][]],
    ["304 Not Modified", [["ETag", '"v1"'], ["Content-Length", "5"]] as [string, string][]],
  ])("SimpleMiddleware leaves a %s alone: no suffix, headers as they were", async (status, headers) => {
    const noBody: App = (_e, startResponse) => {
      startResponse(status, headers.map(([n, v]) => [n, v]));
      return [];
    };
    const res = await testClient(simpleMiddleware(noBody)).get("/");
    expect(res.statusLine).toBe(status);
    expect(res.body.byteLength).toBe(0);
    expect(res.headers.get("etag")).toBe(headers.find(([n]) => n === "ETag")?.[1]);
    expect(res.headers.get("content-length")).toBe(headers.find(([n]) => n === "Content-Length")?.[1]);
  });

  it("SimpleMiddleware closes the inner body when the server refuses the inner app's headers", async () => {
    let closed = 0;
    const badHeader: App = (_e, startResponse) => {
      startResponse("200 OK", [["Bad Header", "x"]]);
      return Object.assign([new TextEncoder().encode("x")], { close: () => void closed++ });
    };
    // validate: false, so the test client's own startResponse (like @tsgi/server's) does the refusing.
    await expect(testClient(simpleMiddleware(badHeader), { validate: false }).get("/")).rejects.toThrow(/invalid response header name/);
    expect(closed).toBe(1);
  });

  it("SimpleMiddleware passes the middleware conformance kit", async () => {
    await assertMiddleware(simpleMiddleware, { changesBody: true });
  });

  it("the error middleware passes the middleware conformance kit", async () => {
    await assertMiddleware(errorMiddleware, { handlesErrors: true });
  });

  it("the error middleware answers its page when the body fails before its first byte, and aborts after", async () => {
    const failsAt = (first: boolean): App => (_e, startResponse) => {
      startResponse("200 OK", [["Content-type", "text/plain"]]);
      return (async function* () {
        if (!first) yield new TextEncoder().encode("partial");
        throw new Error("stream broke");
      })();
    };
    const early = await testClient(errorMiddleware(failsAt(true))).get("/");
    expect([early.status, early.text()]).toEqual([500, "Something went wrong"]);
    await expect(testClient(errorMiddleware(failsAt(false))).get("/")).rejects.toThrow("stream broke");
  });

  it("the dispatcher routes by the first path segment and mounts the app under it", async () => {
    const seen: string[] = [];
    const spy: App = (environ, startResponse) => {
      seen.push(`${environ.SCRIPT_NAME}|${environ.PATH_INFO}`);
      return dispatcher(environ, startResponse);
    };
    const client = testClient(spy);
    expect((await client.get("/hello")).text()).toBe("Hello world!\n");
    expect((await client.get("/nowhere")).status).toBe(404);
    expect(seen).toEqual(["|/hello", "|/nowhere"]);
  });

  it("the per-method app answers GET and POST, and 405 with Allow otherwise", async () => {
    users.length = 0;
    const client = testClient(usersApp);
    expect((await client.post("/", { json: { name: "ada" } })).status).toBe(201);
    expect((await client.get("/")).json()).toEqual([{ name: "ada" }]);
    const res = await client.delete("/");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
  });

  it("the error middleware turns a crash into a generic 500 without leaking the message", async () => {
    const crashing: App = () => {
      throw new Error("secret database password in this message");
    };
    const res = await testClient(errorMiddleware(crashing)).get("/");
    expect(res.status).toBe(500);
    expect(res.text()).toBe("Something went wrong");
    expect(res.text()).not.toContain("secret");
    expect(res.errors).toContain("secret database password");
  });

  it("the error middleware replaces a response the app had started before failing", async () => {
    const startsThenFails: App = async (_e, startResponse) => {
      startResponse("200 OK", [["Content-type", "text/plain"]]);
      throw new Error("after start");
    };
    const res = await testClient(errorMiddleware(startsThenFails)).get("/");
    expect(res.status).toBe(500);
  });

  it("the composed tutorial app: bad JSON is a 400 through every layer", async () => {
    const client = testClient(app);
    const hello = await client.get("/hello");
    expect(hello.text()).toBe("Hello world!\n -- Modified by middleware");
    const bad = await client.post("/users", { body: "{not json", headers: { "Content-Type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.text()).toBe("request body is not valid JSON");
  });
});
