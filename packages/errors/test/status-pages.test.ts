import type { App, Chunk } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { errors } from "../src/index.js";
import { CloseCounter, errorLines, utf8 } from "./helpers.js";

function answering(status: string, headers: [string, string][], chunks: string[] | "stream-empty" | "stream", counter?: CloseCounter): App {
  return (_environ, startResponse) => {
    startResponse(status, headers);
    let body;
    if (chunks === "stream-empty") body = (async function* (): AsyncGenerator<Chunk> { yield new Uint8Array(0); })();
    else if (chunks === "stream") body = (async function* (): AsyncGenerator<Chunk> { yield new Uint8Array(0); yield utf8.encode("streamed body"); })();
    else body = chunks.map((c) => utf8.encode(c));
    return counter ? counter.track(body) : body;
  };
}

describe("statusPages", () => {
  it("gives an empty 404 a page in the negotiated format and keeps the app's headers", async () => {
    const counter = new CloseCounter();
    const app = answering("404 Not Found", [["Content-Length", "0"], ["Access-Control-Allow-Origin", "*"], ["Cache-Control", "max-age=60"], ["X-App", "1"]], [], counter);
    const response = await testClient(errors(app, { statusPages: true })).get("/nothing", { headers: { Accept: "application/json" } });
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ title: "Not Found", status: 404 });
    expect(response.headers.get("x-app")).toBe("1");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("max-age=60");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-length")).toBe(String(response.body.byteLength));
    expect(counter.count).toBe(1);
    expect(errorLines(response.errors)).toHaveLength(0);
  });

  it("gives an empty streamed 503 a page, closing the app's body once", async () => {
    const counter = new CloseCounter();
    const app = answering("503 Service Unavailable", [["Retry-After", "5"]], "stream-empty", counter);
    const response = await testClient(errors(app, { statusPages: true })).get("/", { headers: { Accept: "text/html" } });
    expect(response.text()).toContain("<h1>503 Service Unavailable</h1>");
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(counter.count).toBe(1);
  });

  it.each([
    ["a body", answering("404 Not Found", [["Content-Type", "text/plain"]], ["custom 404"])],
    ["a streamed body", answering("500 Internal Server Error", [["Content-Type", "text/plain"]], "stream")],
    ["a 200", answering("200 OK", [["Content-Length", "0"]], [])],
    ["a 204", answering("204 No Content", [], [])],
    ["a 304", answering("304 Not Modified", [], [])],
  ])("leaves a response with %s alone", async (_what, app) => {
    const bare = await testClient(app).get("/");
    const wrapped = await testClient(errors(app, { statusPages: true })).get("/");
    expect(wrapped.status).toBe(bare.status);
    expect(wrapped.text()).toBe(bare.text());
    expect(wrapped.headers.raw).toEqual(bare.headers.raw);
  });

  it("with a map, pages only the listed statuses, with their message", async () => {
    const pages = { 404: "There is nothing at this address." };
    const notFound = await testClient(errors(answering("404 Not Found", [], []), { statusPages: pages })).get("/");
    expect(notFound.text()).toContain("There is nothing at this address.");
    const gone = await testClient(errors(answering("410 Gone", [], []), { statusPages: pages })).get("/");
    expect(gone.body.byteLength).toBe(0);
  });

  it("is off by default", async () => {
    const response = await testClient(errors(answering("404 Not Found", [], []))).get("/");
    expect(response.body.byteLength).toBe(0);
  });
});

describe("an error handler inside", () => {
  it("may still replace its response with excInfo before a byte went out", async () => {
    const inner: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* (): AsyncGenerator<Chunk> {
        yield new Uint8Array(0);
        const error = new Error("handled inside");
        startResponse("502 Bad Gateway", [["Content-Type", "text/plain"]], error);
        yield utf8.encode("inner error page");
      })();
    };
    const response = await testClient(errors(inner)).get("/");
    expect(response.status).toBe(502);
    expect(response.text()).toBe("inner error page");
    expect(response.errors).toBe("");
  });
});
