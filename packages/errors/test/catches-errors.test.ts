import { HttpError, type App, type Body, type Chunk } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it, vi } from "vitest";
import { errors } from "../src/index.js";
import { abortCause, abortNote, CloseCounter, errorLines, revokedProxy, streaming, utf8 } from "./helpers.js";

describe("errors before the first body byte", () => {
  it("answers 500 when the app throws synchronously", async () => {
    const response = await testClient(errors(() => { throw new Error("db password is hunter2"); })).get("/");
    expect(response.status).toBe(500);
    expect(response.text()).toContain("Internal Server Error");
    expect(response.text()).not.toContain("hunter2");
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("answers 500 when the app's promise rejects without starting a response", async () => {
    const app: App = async () => {
      await Promise.resolve();
      throw new Error("rejected");
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(500);
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("replaces a response the app started before throwing", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Set-Cookie", "a=1"]]);
      throw new Error("after startResponse");
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(500);
    expect(response.headers.has("set-cookie")).toBe(false);
  });

  it("answers with an error page when the body fails after startResponse but before its first chunk", async () => {
    const counter = new CloseCounter();
    const response = await testClient(errors(streaming([], new Error("no chunk yet"), counter))).get("/");
    expect(response.status).toBe(500);
    expect(response.text()).toContain("Internal Server Error");
    expect(counter.count).toBe(1);
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("answers with an error page when a lazy generator starts and fails in its first step", async () => {
    const counter = new CloseCounter();
    const app: App = (_environ, startResponse) =>
      counter.track(
        (async function* (): AsyncGenerator<Chunk> {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          throw new HttpError(409, "version conflict");
        })(),
      );
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(409);
    expect(response.text()).toContain("version conflict");
    expect(counter.count).toBe(1);
  });

  it("keeps empty chunks before the error from counting as sent bytes", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield new Uint8Array(0);
        throw new Error("after an empty chunk");
      })();
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(500);
  });

  it("answers 500 to an app that calls startResponse twice without excInfo", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      startResponse("404 Not Found", [["Content-Type", "text/plain"]]);
      return [utf8.encode("never")];
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(500);
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(errorLines(response.errors)[0]).toContain("second time without excInfo");
  });

  it("answers 500 to an app that returns no body", async () => {
    const app = ((_environ: unknown, startResponse: (status: string, headers: [string, string][]) => void) => {
      startResponse("200 OK", []);
      return null;
    }) as unknown as App;
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(500);
    expect(errorLines(response.errors)).toHaveLength(1);
  });
});

describe("errors after the headers went out", () => {
  it("re-throws so the server aborts, logs once and closes the body once", async () => {
    const counter = new CloseCounter();
    const client = testClient(errors(streaming(["partial "], new Error("mid-stream"), counter)));
    const response = await client.get("/", { stream: true });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow("mid-stream");
    expect(counter.count).toBe(1);
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(errorLines(response.errors)[0]).toContain("aborted the response mid-body");
  });

  it("never appends an error page to the bytes already sent", async () => {
    const chunks: string[] = [];
    const response = await testClient(errors(streaming(["one ", "two "], new Error("boom")))).get("/", { stream: true });
    await expect(
      (async () => {
        for await (const chunk of response.chunks) chunks.push(new TextDecoder().decode(chunk));
      })(),
    ).rejects.toThrow("boom");
    expect(chunks.join("")).toBe("one two ");
  });

  it("gives the server a one-line note with the request id, not the app's stack a second time", async () => {
    const error = new Error("cursor lost");
    const response = await testClient(errors(streaming(["row 1"], error))).get("/", { stream: true, headers: { "X-Request-Id": "r-77" } });
    const note = await abortNote(response.text());
    expect(note.cause).toBe(error);
    expect(note.requestId).toBe("r-77");
    expect(note.stack).toBe(`ResponseAbortedError: ${note.message}`);
    expect(note.message).toBe("aborted after the headers were sent by Error: cursor lost (its stack is logged with request_id=r-77)");
  });

  it.each([
    ["a message with CR/LF", new Error("first\r\n[tsgi] forged line")],
    ["a 1 MB message", new Error("x".repeat(1024 * 1024))],
    ["a revoked Proxy", revokedProxy()],
    ["a string", "not an Error"],
  ])("keeps the note on one short line for %s", async (_what, thrown) => {
    const response = await testClient(errors(streaming(["row 1"], thrown))).get("/", { stream: true });
    const note = await abortNote(response.text());
    expect(note.stack).not.toMatch(/[\r\n]/);
    expect(note.stack!.length).toBeLessThan(400);
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("logs once when errors() wraps errors(): the outer passes the inner's note on", async () => {
    const onError = vi.fn();
    const counter = new CloseCounter();
    const app = errors(errors(streaming(["a"], new Error("deep"), counter)), { onError });
    const response = await testClient(app).get("/", { stream: true });
    expect(await abortCause(response.text())).toMatchObject({ message: "deep" });
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expect(counter.count).toBe(1);
  });
});

describe("errors from close()", () => {
  it("logs an error thrown by close() after a complete body once and keeps the response", async () => {
    const counter = new CloseCounter();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "2"]]);
      return counter.track([utf8.encode("ok")], () => {
        throw new Error("close failed");
      });
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.status).toBe(200);
    expect(response.text()).toBe("ok");
    expect(counter.count).toBe(1);
    expect(errorLines(response.errors)).toHaveLength(1);
    expect(errorLines(response.errors)[0]).toContain("close failed");
  });

  it("logs an async close() rejection of a streamed body once", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      const body = (async function* () {
        yield utf8.encode("streamed");
      })();
      return Object.assign(body, { close: () => Promise.reject(new Error("async close failed")) });
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.text()).toBe("streamed");
    expect(errorLines(response.errors)).toHaveLength(1);
  });

  it("closes the inner body once when the client stops reading early", async () => {
    const counter = new CloseCounter();
    const response = await testClient(errors(streaming(["a", "b", "c"], undefined, counter))).get("/", { stream: true });
    await response.cancel();
    expect(counter.count).toBe(1);
    expect(errorLines(response.errors)).toHaveLength(0);
  });

  const arrayBody: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "2"]]);
    return [utf8.encode("ok")];
  };
  it.each([
    ["an Array body (the synchronous path)", arrayBody, {}],
    ["an Array body, statusPages on", arrayBody, { statusPages: true }],
    ["a streamed body", streaming(["a"]), {}],
    ["a streamed body, statusPages on", streaming(["a"]), { statusPages: true }],
  ])("closes %s once however often its close() is called", async (_what, inner, options) => {
    const counter = new CloseCounter();
    const app: App = (environ, startResponse) => counter.track(inner(environ, startResponse) as Body);
    const environ = await testClient(app).environFor("GET", "/");
    const body = await errors(app, options)(environ, () => {});
    await body.close?.();
    await body.close?.();
    expect(counter.count).toBe(1);
  });
});

describe("successful responses", () => {
  it("passes an array body through untouched", async () => {
    const body = [utf8.encode("hello")];
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "5"]]);
      return body;
    };
    const response = await testClient(errors(app)).get("/");
    expect(response.text()).toBe("hello");
    expect(response.errors).toBe("");
  });

  it("streams a body chunk by chunk", async () => {
    const response = await testClient(errors(streaming(["a", "b"]))).get("/", { stream: true });
    const seen: string[] = [];
    for await (const chunk of response.chunks) seen.push(new TextDecoder().decode(chunk));
    expect(seen.filter((s) => s !== "")).toEqual(["a", "b"]);
  });
});
