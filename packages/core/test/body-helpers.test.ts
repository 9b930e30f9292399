import { describe, expect, it } from "vitest";
import {
  callApp,
  catchBody,
  collectBody,
  compose,
  mapBody,
  onClose,
  withStartResponse,
} from "../src/index.js";
import type { App, Body, Environ, Middleware } from "../src/index.js";
import { makeEnviron } from "./helpers/validate-server.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

const environ = (): Environ => makeEnviron().environ;

function countingBody(parts: string[]): Body & { closes: number } {
  const body = parts.map((p) => enc.encode(p)) as Uint8Array[] & { closes: number; close(): void };
  body.closes = 0;
  body.close = () => {
    body.closes++;
  };
  return body;
}

describe("onClose", () => {
  it("closes the inner body then runs the callback, once, and keeps arrays as arrays", async () => {
    const inner = countingBody(["a", "b"]);
    const order: string[] = [];
    const origClose = inner.close!;
    inner.close = () => {
      order.push("inner");
      origClose.call(inner);
    };
    const body = onClose(inner, () => {
      order.push("callback");
    });
    expect(Array.isArray(body)).toBe(true);
    await body.close?.();
    await body.close?.();
    expect(order).toEqual(["inner", "callback"]);
  });

  it("runs the callback even when the inner close throws", async () => {
    let ran = false;
    const inner: Body = Object.assign([enc.encode("x")], {
      close() {
        throw new Error("boom");
      },
    });
    const body = onClose(inner, () => {
      ran = true;
    });
    await expect(Promise.resolve().then(() => body.close?.())).rejects.toThrow("boom");
    expect(ran).toBe(true);
  });

  it("keeps async bodies async", async () => {
    async function* gen() {
      yield enc.encode("x");
    }
    const body = onClose(gen(), () => {});
    expect(Symbol.asyncIterator in body).toBe(true);
    expect(dec.decode(await collectBody(body))).toBe("x");
  });
});

describe("mapBody", () => {
  it("transforms chunk by chunk, appends the flush tail and closes the inner body once", async () => {
    const inner = countingBody(["a", "b"]);
    const body = mapBody(inner, (c) => enc.encode(dec.decode(c).toUpperCase()), { flush: () => enc.encode("!") });
    const seen: string[] = [];
    for await (const c of body) seen.push(dec.decode(c));
    await body.close?.();
    expect(seen).toEqual(["A", "B", "!"]);
    expect(inner.closes).toBe(1);
  });

  it("closes the inner body when closed before iterating", async () => {
    const inner = countingBody(["a"]);
    await mapBody(inner, (c) => c).close?.();
    expect(inner.closes).toBe(1);
  });
});

describe("callApp", () => {
  it("returns status, headers and body when the app starts eagerly", async () => {
    const app: App = (_env, start) => {
      start("201 Created", [["Content-Type", "text/plain"]]);
      return [enc.encode("ok")];
    };
    const res = await callApp(app, environ());
    expect(res.status).toBe("201 Created");
    expect(dec.decode(await collectBody(res.body))).toBe("ok");
  });

  it("pulls the first chunk of a lazy generator app to learn the status, and replays it", async () => {
    let closed = 0;
    const app: App = (_env, start) => {
      const gen = (async function* () {
        start("200 OK", [["Content-Type", "text/plain"]]);
        yield enc.encode("first ");
        yield enc.encode("second");
      })();
      return Object.assign(gen, {
        close() {
          closed++;
        },
      });
    };
    const res = await callApp(app, environ());
    expect(res.status).toBe("200 OK");
    expect(dec.decode(await collectBody(res.body))).toBe("first second");
    await res.body.close?.();
    expect(closed).toBe(1);
  });

  it("closes the body and rejects when the app never starts the response", async () => {
    const inner = countingBody([]);
    await expect(callApp(() => inner, environ())).rejects.toThrow(/startResponse/);
    expect(inner.closes).toBe(1);
  });

  it("lets excInfo replace the status before the response is handed over, and re-throws it after", async () => {
    const error = new Error("late");
    let restart: ((s: string) => void) | undefined;
    const app: App = (_env, start) => {
      start("200 OK", []);
      start("500 Internal Server Error", [], new Error("early"));
      restart = (s) => start(s, [], error);
      return [];
    };
    const res = await callApp(app, environ());
    expect(res.status).toBe("500 Internal Server Error");
    expect(() => restart!("503 Service Unavailable")).toThrow(error);
  });

  it("rejects a second startResponse without excInfo", async () => {
    const app: App = (_env, start) => {
      start("200 OK", []);
      start("200 OK", []);
      return [];
    };
    await expect(callApp(app, environ())).rejects.toThrow(/second time/);
  });
});

describe("compose", () => {
  it("makes the first middleware the outermost", async () => {
    const order: string[] = [];
    const tag =
      (name: string): Middleware =>
      (app) =>
      (env, start) => {
        order.push(name);
        return app(env, start);
      };
    const app: App = (_env, start) => {
      start("200 OK", []);
      return [];
    };
    await compose(app, tag("outer"), tag("inner"))(environ(), () => {});
    expect(order).toEqual(["outer", "inner"]);
  });
});

describe("catchBody", () => {
  async function* failing(after: string[]): AsyncGenerator<Uint8Array> {
    for (const s of after) yield enc.encode(s);
    throw new Error("mid-stream");
  }

  it("lets the handler replace the body when nothing was sent yet", async () => {
    const body = catchBody(failing([""]), (error, info) => {
      expect(info.headersSent).toBe(false);
      return [enc.encode(`recovered from ${(error as Error).message}`)];
    });
    expect(dec.decode(await collectBody(body))).toBe("recovered from mid-stream");
  });

  it("reports that headers went out once a non-empty chunk was yielded", async () => {
    const seen: boolean[] = [];
    const body = catchBody(failing(["partial"]), (error, info) => {
      seen.push(info.headersSent);
      throw error;
    });
    await expect(collectBody(body)).rejects.toThrow("mid-stream");
    expect(seen).toEqual([true]);
  });

  it("closes the inner body exactly once", async () => {
    const inner = countingBody(["a"]);
    const body = catchBody(inner, () => []);
    await collectBody(body);
    await body.close();
    expect(inner.closes).toBe(1);
  });
});

describe("withStartResponse", () => {
  it("edits status and headers before they reach the server, passing excInfo through", async () => {
    const calls: unknown[][] = [];
    const app: App = (_env, start) => {
      start("200 OK", [["Content-Type", "text/plain"]]);
      start("500 Internal Server Error", [], "err");
      return [];
    };
    const wrapped = withStartResponse(app, (status, headers) => ({ headers: [...headers, ["X-Frame-Options", "DENY"]] }));
    await wrapped(environ(), (...args) => {
      calls.push(args);
    });
    expect(calls[0]).toEqual(["200 OK", [["Content-Type", "text/plain"], ["X-Frame-Options", "DENY"]], undefined]);
    expect(calls[1]).toEqual(["500 Internal Server Error", [["X-Frame-Options", "DENY"]], "err"]);
  });
});
