import * as http from "node:http";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { testClient } from "@tsgi/testing";
import { afterEach, describe, expect, it } from "vitest";
import { demo } from "../app.js";
import { debugErrorMiddleware, errorMiddleware } from "../handler.js";
import { app } from "../server.js";
import { tutorialErrorMiddleware } from "../tutorial-handler.js";

// testClient validates every request against the spec.
const tutorial = testClient(tutorialErrorMiddleware(demo));
const doneRight = testClient(errorMiddleware(demo));

describe("the tutorial's try/except handler", () => {
  it("leaks the error message to the client", async () => {
    const response = await tutorial.get("/crash");
    expect(response.text()).toContain("hunter2");
  });

  it("turns a 404 the app meant into a 500", async () => {
    expect((await tutorial.get("/missing")).status).toBe(500);
  });

  it("breaks the spec when the app had already called startResponse", async () => {
    await expect(tutorial.get("/started-then-crash")).rejects.toThrow(/start-response\.once|second time/);
  });

  it("misses an error raised while the body streams", async () => {
    const response = await tutorial.get("/stream-crash", { stream: true });
    await expect(response.text()).rejects.toThrow("cursor lost");
    expect(response.errors).toBe("");
  });
});

describe("the handler done right (errors from @tsgi/errors)", () => {
  it("keeps the message in one log line and out of the page", async () => {
    const response = await doneRight.get("/crash");
    expect(response.status).toBe(500);
    expect(response.text()).not.toContain("hunter2");
    const lines = response.errors.split("\n").filter((line) => line.startsWith("[tsgi errors]"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("hunter2");
    expect(lines[0]).toContain(`request_id=${response.headers.get("x-request-id")}`);
  });

  it("keeps the status and message of a 4xx HttpError", async () => {
    const response = await doneRight.get("/missing", { headers: { Accept: "application/json" } });
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ title: "Not Found", detail: "There is no such page." });
  });

  it("replaces a started response with excInfo", async () => {
    const response = await doneRight.get("/started-then-crash");
    expect(response.status).toBe(500);
  });

  it("answers the browser with an HTML page that allows no script", async () => {
    const response = await doneRight.get("/crash", { headers: { Accept: "text/html" } });
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("shows the stack and source in development only", async () => {
    const response = await testClient(debugErrorMiddleware(demo)).get("/crash", { headers: { Accept: "text/html" } });
    expect(response.text()).toContain("hunter2");
    expect(response.text()).toMatch(/app\.ts:\d+:\d+/);
  });

  it("the server module serves the demo behind it", async () => {
    expect((await testClient(app).get("/")).status).toBe(200);
  });
});

describe("a mid-stream failure over a real socket", () => {
  let server: TsgiServer | undefined;
  afterEach(async () => {
    await server?.close({ timeout: 1000 });
  });

  it("reaches the client as an incomplete response, not a clean end", async () => {
    server = makeServer("127.0.0.1", 0, errorMiddleware(demo), { errors: () => {} });
    await server.listen();
    const result = await new Promise<{ body: string; complete: boolean }>((resolve, reject) => {
      http
        .get(`${server!.url}/stream-crash`, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          const done = (): void => resolve({ body, complete: res.complete });
          res.on("end", done);
          res.on("error", done);
          res.on("aborted", done);
        })
        .on("error", reject);
    });
    expect(result.body).toBe("row 1\n");
    expect(result.complete).toBe(false);
  });
});
