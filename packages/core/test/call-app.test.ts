import { describe, expect, it } from "vitest";
import { callApp, catchBody, respond, validate, type App, type Body, type Chunk } from "../src/index.js";
import { makeEnviron, serve } from "./helpers/validate-server.js";

const enc = new TextEncoder();

describe("callApp", () => {
  it("gives the status code with the status", async () => {
    const app: App = (_e, sr) => {
      sr("404 Not Found", [["Content-Type", "text/plain"]]);
      return [];
    };
    const { code, status } = await callApp(app, makeEnviron().environ);
    expect([code, status]).toEqual([404, "404 Not Found"]);
  });

  it("hands a late excInfo to onLateStart while no byte has gone out, so an inner error handler can still answer", async () => {
    const failing: App = (_e, sr) => {
      sr("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        throw new Error("failed before the first byte");
      })();
    };
    const errors = (app: App): App => async (environ, sr) =>
      catchBody(await app(environ, sr), (error, info) => {
        if (info.headersSent) throw error;
        sr("500 Internal Server Error", [["Content-Type", "text/plain"]], error);
        return [enc.encode("sorry")];
      });
    const outer = (app: App): App => async (environ, sr) => {
      const r = await callApp(app, environ, {
        onLateStart: (status, headers, excInfo) => sr(status, [...headers, ["X-Outer", "1"]], excInfo),
      });
      return respond(sr, r.status, [...r.headers, ["X-Outer", "1"]], r.body);
    };
    const served = await serve(validate(outer(validate(errors(failing)))));
    expect(served.status).toBe("500 Internal Server Error");
    expect(new TextDecoder().decode(served.body)).toBe("sorry");
    expect(served.headers).toContainEqual(["X-Outer", "1"]);
  });

  it("without onLateStart, throws a late excInfo back to the inner app", async () => {
    let seen: unknown;
    const app: App = (_e, sr) => {
      sr("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        try {
          sr("500 Internal Server Error", [], new Error("late"));
        } catch (error) {
          seen = error;
        }
        yield enc.encode("x");
      })();
    };
    const r = await callApp(app, makeEnviron().environ);
    for await (const _ of r.body as AsyncIterable<Chunk>) void _;
    expect((seen as Error).message).toBe("late");
  });
});

describe("respond", () => {
  it("closes the body and re-throws when startResponse throws", async () => {
    let closes = 0;
    const body: Body = Object.assign([enc.encode("x")], { close: () => void closes++ });
    const refusing = () => {
      throw new TypeError("invalid response header name");
    };
    await expect(Promise.resolve(respond(refusing, "200 OK", [["Bad Header", "x"]], body))).rejects.toThrow(TypeError);
    expect(closes).toBe(1);
  });

  it("returns the body unchanged when startResponse accepts", () => {
    const body: Body = [enc.encode("x")];
    expect(respond(() => {}, "200 OK", [], body)).toBe(body);
  });
});
