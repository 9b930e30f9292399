import { afterEach, describe, expect, it } from "vitest";
import type { App } from "@tsgi/core";
import { enc, rawExchange, request, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

const SECRET = "secret detail 1234";

describe("app errors before the first body byte", () => {
  const failing: Record<string, App> = {
    "throws synchronously": () => {
      throw new Error(SECRET);
    },
    "returns a rejected promise": async () => {
      throw new Error(SECRET);
    },
    "fails on the first chunk": (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        throw new Error(SECRET);
      })();
    },
  };

  it.each(Object.keys(failing))("answer a generic 500 and log the error with its stack when the app %s", async (name) => {
    const s = await start(failing[name]!, { raw: true });
    const reply = await request(s.url);
    expect(reply.status).toBe(500);
    expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(reply.body.toString()).toBe("Internal Server Error");
    const log = s.errors.join("");
    expect(log).toContain(SECRET);
    expect(log).toMatch(/\n\s+at /);
  });

  it("answers 500 when startResponse is given a hop-by-hop header", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Connection", "close"]]);
      return [enc("x")];
    }, { raw: true });
    expect((await request(s.url)).status).toBe(500);
    expect(s.errors.join("")).toMatch(/hop-by-hop header Connection/);
  });

  it.each([
    ["a CR LF in a value", [["X-Bad", "a\r\nInjected: yes"]]],
    ["a name that is not a token", [["Bad Name", "x"]]],
    ["a Status header", [["Status", "200"]]],
    ["a non-numeric Content-Length", [["Content-Length", "ten"]]],
  ])("answers 500 to %s", async (_what, headers) => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", headers as [string, string][]);
      return [enc("x")];
    }, { raw: true });
    const reply = await rawExchange(s.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(reply).not.toContain("Injected");
  });

  it("answers 500 to a body that yields strings", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return ["not bytes"] as unknown as Uint8Array[];
    }, { raw: true });
    expect((await request(s.url)).status).toBe(500);
  });

  it("answers 500 to a body returned without startResponse", async () => {
    const s = await start(() => [enc("x")], { raw: true });
    expect((await request(s.url)).status).toBe(500);
    expect(s.errors.join("")).toMatch(/startResponse/);
  });

  it("answers 500 when startResponse is called twice without excInfo", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      startResponse("201 Created", [["Content-Type", "text/plain"]]);
      return [enc("x")];
    }, { raw: true });
    expect((await request(s.url)).status).toBe(500);
  });

  it("lets an app replace its response with excInfo before anything was sent", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      try {
        throw new Error("late failure");
      } catch (error) {
        startResponse("503 Service Unavailable", [["Content-Type", "text/plain"]], error);
        return [enc("try later")];
      }
    });
    const reply = await request(s.url);
    expect(reply.status).toBe(503);
    expect(reply.body.toString()).toBe("try later");
  });

  it("answers 500 to an Array body that contradicts its Content-Length", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "99"]]);
      return [enc("short")];
    }, { raw: true });
    expect((await request(s.url)).status).toBe(500);
  });
});

describe("app errors after the headers were sent", () => {
  it("destroy the connection so the client sees an incomplete chunked body", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield enc("partial");
        throw new Error(SECRET);
      })();
    }, { raw: true });
    const reply = await rawExchange(s.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply).toContain("partial");
    expect(reply).not.toContain("0\r\n\r\n");
    expect(reply).not.toContain(SECRET);
    expect(s.errors.join("")).toContain(SECRET);
  });

  it("re-throw excInfo from startResponse, aborting the response", async () => {
    let rethrown: unknown;
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield enc("partial");
        const error = new Error("after headers");
        try {
          startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], error);
        } catch (e) {
          rethrown = e;
          throw e;
        }
      })();
    });
    await expect(request(s.url)).rejects.toThrow();
    expect((rethrown as Error).message).toBe("after headers");
  });
});

describe("bad requests", () => {
  it("answers 400 to garbage on the wire and keeps serving", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("fine")];
    });
    const reply = await rawExchange(s.port, "THIS IS NOT HTTP\r\n\x00\x01\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const malformedHeader = await rawExchange(s.port, "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    expect(malformedHeader).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect((await request(s.url)).body.toString()).toBe("fine");
  });

  it("answers 400 to a request-target that is not a path", async () => {
    const s = await start((_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [enc("fine")];
    });
    const reply = await rawExchange(s.port, "GET nonsense HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});
