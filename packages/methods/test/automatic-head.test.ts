import { callApp, collectBody, validate, type App, type Body } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { methods } from "../src/index.js";
import { bytes, newTracker, says, streamingApp } from "./helpers.js";

function arrayApp(chunks: string[], headers: [string, string][], onClose?: () => void): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"], ...headers]);
    const body: Body = chunks.map(bytes);
    return onClose ? Object.assign(body, { close: onClose }) : body;
  };
}

describe("automatic HEAD from GET", () => {
  it("sends GET's status and headers and no body bytes", async () => {
    const get = says("hello", [["ETag", '"v1"'], ["Cache-Control", "max-age=60"]]);
    const client = testClient(methods({ GET: get }));
    const [head, full] = [await client.head("/"), await client.get("/")];
    expect(head.status).toBe(200);
    expect(head.headers.raw).toEqual(full.headers.raw);
    expect(head.body.byteLength).toBe(0);
  });

  it("shows the handler REQUEST_METHOD HEAD, so it may skip the work", async () => {
    let seen = "";
    const get: App = (environ, startResponse) => {
      seen = environ.REQUEST_METHOD;
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [];
    };
    await testClient(methods({ GET: get })).head("/");
    expect(seen).toBe("HEAD");
  });

  it("closes a streaming GET body without pulling it past the headers", async () => {
    const tracker = newTracker();
    // validate() inside checks methods() as the server of the GET handler: [server.head] and [body.close].
    const client = testClient(methods({ GET: validate(streamingApp(tracker)) }));
    const response = await client.head("/");
    expect(response.status).toBe(200);
    expect(response.body.byteLength).toBe(0);
    expect(tracker.pulls).toBeLessThanOrEqual(1);
    expect(tracker.closes).toBe(1);
    expect(tracker.finished).toBe(true);
  });

  it.each([
    ["starts lazily, in its first step", true, 1],
    ["started before returning", false, 0],
  ] as [string, boolean, number][])("pulls a streaming GET body that %s %i time(s), only to get the headers", async (_name, lazy, pulls) => {
    const tracker = newTracker();
    const response = await testClient(methods({ GET: validate(streamingApp(tracker, undefined, { lazy })) })).head("/");
    expect(response.status).toBe(200);
    expect(tracker.pulls).toBe(pulls);
    expect(tracker.closes).toBe(1);
  });

  it("closes the GET body once and passes the error on when the server refuses the headers", async () => {
    const tracker = newTracker();
    const app = methods({ GET: streamingApp(tracker) });
    const environ = await testClient(app).environFor("HEAD", "/");
    const refusing = (): void => {
      throw new TypeError("bad header");
    };
    await expect(Promise.resolve(app(environ, refusing))).rejects.toThrow("bad header");
    expect(tracker.closes).toBe(1);
    expect(tracker.finished).toBe(true);
  });

  it("closes the GET body once and passes the error on when it fails before starting the response", async () => {
    let closes = 0;
    const failing: App = () => {
      async function* generate(): AsyncGenerator<Uint8Array> {
        yield* [];
        throw new Error("no data");
      }
      return Object.assign(generate(), { close: () => void closes++ });
    };
    const response = await testClient(methods({ GET: failing }), { catchErrors: true }).head("/");
    expect(response.status).toBe(500);
    expect(closes).toBe(1);
  });

  it("leaves no bytes even for an outer middleware that reads the whole body", async () => {
    // Without the automatic HEAD, collecting this endless GET body would never finish.
    const tracker = newTracker();
    const app = methods({ GET: streamingApp(tracker) });
    const environ = await testClient(app).environFor("HEAD", "/");
    const { status, body } = await callApp(app, environ);
    expect(status).toBe("200 OK");
    expect((await collectBody(body)).byteLength).toBe(0);
    expect(tracker.pulls).toBeLessThanOrEqual(1);
    expect(tracker.closes).toBe(1);
  });

  it("measures an Array GET body by index, never iterating it", async () => {
    // validate() inside fails [server.head] if methods() pulls a second chunk of a HEAD body.
    const response = await testClient(methods({ GET: validate(arrayApp(["hel", "lo"], [])) })).head("/");
    expect(response.headers.get("content-length")).toBe("5");
  });

  it("closes an Array GET body exactly once", async () => {
    let closes = 0;
    const client = testClient(methods({ GET: arrayApp(["a"], [], () => void closes++) }));
    const response = await client.head("/");
    expect(response.closeCount).toBe(1);
    expect(closes).toBe(1);
  });

  describe("Content-Length", () => {
    it.each([
      ["a real declared length is kept", ["hello"], [["Content-Length", "5"]], "5"],
      ["an undeclared Array body gets its real length", ["hel", "lo"], [], "5"],
      ["a placeholder 0 on a non-empty Array body becomes the real length", ["hello"], [["Content-Length", "0"]], "5"],
      ["a 0 on an empty Array body (a handler that skipped the body) is dropped", [], [["Content-Length", "0"]], undefined],
      ["an empty Array body without one gets none", [], [], undefined],
      ["a length declared by a handler that skipped the body is trusted", [], [["Content-Length", "1234"]], "1234"],
    ] as [string, string[], [string, string][], string | undefined][])("%s", async (_name, chunks, headers, expected) => {
      const response = await testClient(methods({ GET: arrayApp(chunks, headers) })).head("/");
      expect(response.headers.get("content-length")).toBe(expected);
      expect(response.headers.getAll("content-length").length).toBe(expected === undefined ? 0 : 1);
    });

    it("keeps a streaming body's declared length and never makes one up", async () => {
      const declared = testClient(methods({ GET: streamingApp(newTracker(), [["Content-Type", "text/plain"], ["Content-Length", "42"]]) }));
      expect((await declared.head("/")).headers.get("content-length")).toBe("42");
      const undeclared = testClient(methods({ GET: streamingApp(newTracker()) }));
      expect((await undeclared.head("/")).headers.has("content-length")).toBe(false);
    });
  });

  it("passes a GET handler's error on, before any headers", async () => {
    const get: App = () => {
      throw new Error("boom");
    };
    const response = await testClient(methods({ GET: get }), { catchErrors: true }).head("/");
    expect(response.status).toBe(500);
  });

  it("uses the table's own HEAD handler when there is one", async () => {
    const app = methods({ GET: says("get"), HEAD: says("head!") });
    const response = await testClient(app).head("/");
    expect(response.headers.get("content-length")).toBe("5");
  });

  it("is off with head: false (HEAD then gets 405 and Allow has no HEAD)", async () => {
    const response = await testClient(methods({ GET: says("x") }, { head: false })).head("/");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, OPTIONS");
  });

  it("does not exist without GET", async () => {
    const response = await testClient(methods({ POST: says("x") })).head("/");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
  });
});
