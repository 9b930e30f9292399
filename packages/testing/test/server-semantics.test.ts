import type { App, Body } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { testClient } from "../src/index.js";
import { utf8 } from "./helpers.js";

/** A body that records whether and how often close() was called. */
function trackedBody(chunks: Uint8Array[]): Body & { closes: number } {
  const body = Object.assign(chunks.slice(), {
    closes: 0,
    close() {
      body.closes++;
    },
  });
  return body;
}

describe("response", () => {
  it("exposes status, reason phrase, status line, headers and body", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("201 Created", [
        ["Content-Type", "application/json"],
        ["Set-Cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]);
      return [utf8.encode('{"id":'), utf8.encode("7}")];
    };
    const response = await testClient(app).post("/items");
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Created");
    expect(response.statusLine).toBe("201 Created");
    expect(response.headers.get("CONTENT-TYPE")).toBe("application/json");
    expect(response.headers.has("x-missing")).toBe(false);
    expect(response.headers.getAll("set-cookie")).toEqual(["a=1", "b=2"]);
    expect(response.headers.raw).toEqual([
      ["Content-Type", "application/json"],
      ["Set-Cookie", "a=1"],
      ["set-cookie", "b=2"],
    ]);
    expect([...response.headers].map(([name]) => name)).toEqual(["Content-Type", "Set-Cookie", "set-cookie"]);
    expect(response.text()).toBe('{"id":7}');
    expect(response.json()).toEqual({ id: 7 });
    expect(response.url).toBe("http://localhost/items");
  });

  it("calls the body's close() once after reading it", async () => {
    const body = trackedBody([utf8.encode("x")]);
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return body;
    };
    const response = await testClient(app).get("/");
    expect(response.closed).toBe(true);
    expect(response.closeCount).toBe(1);
    expect(body.closes).toBe(1);
  });

  it("accepts a startResponse called lazily from inside a generator body", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield utf8.encode("lazy");
      })();
    expect((await testClient(app).get("/")).text()).toBe("lazy");
  });
});

describe("responses without a body", () => {
  it("returns the GET headers but no body for HEAD, and still closes the body", async () => {
    const body = trackedBody([utf8.encode("hello")]);
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "5"]]);
      return body;
    };
    const response = await testClient(app).head("/");
    expect(response.headers.get("content-length")).toBe("5");
    expect(response.body.byteLength).toBe(0);
    expect(response.closed).toBe(true);
    expect(body.closes).toBe(1);
  });

  it("stops a HEAD generator body early, running its finally", async () => {
    let cleanedUp = false;
    const app: App = (_environ, startResponse) =>
      (async function* () {
        try {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          yield utf8.encode("a");
          yield utf8.encode("b");
        } finally {
          cleanedUp = true;
        }
      })();
    const response = await testClient(app).head("/");
    expect(response.body.byteLength).toBe(0);
    expect(cleanedUp).toBe(true);
  });

  it.each(["204 No Content", "304 Not Modified"])("sends no body with %s, and closes it", async (status) => {
    const body = trackedBody([]);
    const app: App = (_environ, startResponse) => {
      startResponse(status, []);
      return body;
    };
    const response = await testClient(app).get("/");
    expect(response.statusLine).toBe(status);
    expect(response.body.byteLength).toBe(0);
    expect(body.closes).toBe(1);
  });
});

describe("app errors", () => {
  const failing: App = () => {
    throw new Error("database down");
  };

  it("re-throws an error raised before the headers to the test", async () => {
    await expect(testClient(failing).get("/")).rejects.toThrow("database down");
  });

  it("closes the body when the body fails before the headers", async () => {
    let closed = 0;
    const app: App = (_environ, startResponse) => {
      const body = (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        throw new Error("boom");
        yield new Uint8Array(0); // unreachable: makes this a generator body
      })();
      return Object.assign(body, { close: () => void closed++ });
    };
    await expect(testClient(app).get("/")).rejects.toThrow("boom");
    expect(closed).toBe(1);
  });

  it("answers a generic 500 with catchErrors, logging the error to tsgi.errors", async () => {
    const response = await testClient(failing, { catchErrors: true }).get("/");
    expect(response.status).toBe(500);
    expect(response.text()).toBe("Internal Server Error");
    expect(response.text()).not.toContain("database down");
    expect(response.errors).toContain("database down");
    expect(response.error).toBeInstanceOf(Error);
  });

  it("can turn catchErrors on for one request", async () => {
    const response = await testClient(failing).get("/", { catchErrors: true });
    expect(response.status).toBe(500);
  });

  it("re-throws an error raised after the headers went out, even with catchErrors", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield utf8.encode("partial");
        throw new Error("mid-stream");
      })();
    await expect(testClient(app, { catchErrors: true }).get("/")).rejects.toThrow("mid-stream");
  });

  it("lets the app replace its status with excInfo before the headers went out", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        try {
          throw new Error("render failed");
        } catch (error) {
          startResponse("503 Service Unavailable", [["Content-Type", "text/plain"]], error);
          yield utf8.encode("try later");
        }
      })();
    const response = await testClient(app).get("/");
    expect(response.statusLine).toBe("503 Service Unavailable");
    expect(response.text()).toBe("try later");
  });

  it("re-throws excInfo when the app calls startResponse after the headers went out", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield utf8.encode("sent");
        startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], new Error("too late"));
      })();
    await expect(testClient(app).get("/")).rejects.toThrow("too late");
  });
});

describe("Content-Length", () => {
  function lengthApp(declared: string, text: string): App {
    return (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", declared]]);
      return [utf8.encode(text)];
    };
  }

  it("fails when the body is shorter than Content-Length", async () => {
    await expect(testClient(lengthApp("10", "short"), { validate: false }).get("/")).rejects.toThrow(
      /ended after 5 of the 10 bytes of its Content-Length/,
    );
  });

  it("fails when the body is longer than Content-Length", async () => {
    await expect(testClient(lengthApp("2", "longer"), { validate: false }).get("/")).rejects.toThrow(
      /longer than the 2 bytes of its Content-Length/,
    );
  });

  it("accepts a body of exactly Content-Length bytes", async () => {
    expect((await testClient(lengthApp("5", "exact")).get("/")).text()).toBe("exact");
  });
});
