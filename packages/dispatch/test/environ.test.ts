import { callApp, collectBody, shiftPathInfo, validate, type App, type Environ, type StartResponse } from "@tsgi/core";
import { testClient } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { MOUNT_KEY, dispatch } from "../src/index.js";
import { echo } from "./helpers.js";

function environFor(path: string): Promise<Environ> {
  return testClient(echo("x")).environFor("GET", path);
}

const noop: StartResponse = () => undefined;

describe("the caller's environ", () => {
  it("keeps its SCRIPT_NAME and PATH_INFO after the mounted app returns", async () => {
    const environ = await environFor("/app1/x");
    await dispatch({ "/app1": echo("app1") })(environ, noop);
    expect([environ.SCRIPT_NAME, environ.PATH_INFO]).toEqual(["", "/app1/x"]);
  });

  it("keeps them when the mounted app throws", async () => {
    const environ = await environFor("/app1/x");
    const failing: App = () => {
      throw new Error("boom");
    };
    await expect(async () => dispatch({ "/app1": failing })(environ, noop)).rejects.toThrow("boom");
    expect([environ.SCRIPT_NAME, environ.PATH_INFO]).toEqual(["", "/app1/x"]);
    expect(environ[MOUNT_KEY]).toBe("/app1");
  });

  it("keeps them when the mounted app rejects", async () => {
    const environ = await environFor("/app1/x");
    const failing: App = async () => Promise.reject(new Error("late boom"));
    await expect(dispatch({ "/app1": failing })(environ, noop)).rejects.toThrow("late boom");
    expect([environ.SCRIPT_NAME, environ.PATH_INFO]).toEqual(["", "/app1/x"]);
  });

  it("records the key of the mount that answered, for loggers outside the dispatcher", async () => {
    const environ = await environFor("/app1/x");
    await dispatch({ "/app1": echo("app1") })(environ, noop);
    expect(environ[MOUNT_KEY]).toBe("/app1");
  });

  it("gets no mount record when the fallback answers", async () => {
    const environ = await environFor("/nowhere");
    await dispatch({ "/app1": echo("app1") })(environ, noop);
    expect(MOUNT_KEY in environ).toBe(false);
  });
});

describe("the mounted app's environ", () => {
  it("is still its own while a lazy body streams after dispatch returned", async () => {
    const lazy: App = (environ, startResponse) =>
      (async function* () {
        await Promise.resolve();
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield new TextEncoder().encode(`${environ.SCRIPT_NAME}|${environ.PATH_INFO}`);
      })();
    const response = await testClient(dispatch({ "/app1": lazy })).get("/app1/x");
    expect(response.text()).toBe("/app1|/x");
  });

  it("has the mount record too", async () => {
    const response = await testClient(dispatch({ "/app1": echo("app1") })).get("/app1");
    expect(response.json()).toMatchObject({ mount: "/app1", scriptName: "/app1", pathInfo: "" });
  });

  it("shares tsgi.input with the caller, so the request body reaches the mount", async () => {
    const upload: App = async (environ, startResponse) => {
      const bytes = await environ["tsgi.input"].read();
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [bytes];
    };
    const response = await testClient(dispatch({ "/up": upload })).post("/up", { body: "payload" });
    expect(response.text()).toBe("payload");
  });

  it("keeps SCRIPT_NAME + PATH_INFO equal to the caller's path (no normalisation by default)", async () => {
    const environ = await environFor("/app1//a/b");
    const { body } = await callApp(dispatch({ "/app1": echo("app1") }), environ);
    const seen = JSON.parse(new TextDecoder().decode(await collectBody(body))) as { scriptName: string; pathInfo: string };
    expect(seen.scriptName + seen.pathInfo).toBe("/app1//a/b");
  });
});

describe("validate() on both sides", () => {
  const inner = (name: string) => validate(echo(name));
  const app = dispatch(
    { "/app1": inner("app1"), "/users/:id": inner("user"), "//*.example.com/": inner("tenant"), "/": inner("root") },
    { params: true, fallback: inner("fallback"), cascade: true },
  );

  it.each([
    ["/app1", "app1"],
    ["/app1/", "app1"],
    ["/users/7/x", "user"],
    ["/", "root"],
    ["http://acme.example.com/a", "tenant"],
  ])("gives the mounted app for %s a valid environ", async (path, name) => {
    expect((await testClient(app).get(path)).json()).toMatchObject({ name });
  });
});

describe("the body", () => {
  it("is the mounted app's own body object without cascade, so a server's Array fast path still applies", async () => {
    const body = [new TextEncoder().encode("x")];
    const app = dispatch({ "/a": (_environ, startResponse) => (startResponse("200 OK", [["Content-Type", "text/plain"]]), body) });
    const environ = await environFor("/a");
    expect(await app(environ, noop)).toBe(body);
  });
});

describe("in place, not a copy", () => {
  it("never reads a key the server computes lazily (the reference server's tsgi.signal)", async () => {
    const environ = await environFor("/app1/x");
    let reads = 0;
    Object.defineProperty(environ, "server.lazy", { enumerable: true, configurable: true, get: () => (reads++, "made") });
    await dispatch({ "/app1": echo("app1") }, { params: true })(environ, noop);
    expect(reads).toBe(0);
  });

  it("shows a streaming body its mount in every step and in close(), and the caller its own values in between", async () => {
    const seen: string[] = [];
    const lazy: App = (environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign(
        (function* () {
          seen.push(`step ${environ.SCRIPT_NAME}|${environ.PATH_INFO}`);
          yield new Uint8Array(1);
          seen.push(`step ${environ.SCRIPT_NAME}|${environ.PATH_INFO}`);
        })(),
        { close: () => void seen.push(`close ${environ.SCRIPT_NAME}|${environ.PATH_INFO}`) },
      );
    };
    const environ = await environFor("/app1/x");
    const body = await dispatch({ "/app1": lazy })(environ, noop);
    const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await iterator.next();
    seen.push(`caller ${environ.SCRIPT_NAME}|${environ.PATH_INFO}`);
    await iterator.next();
    await body.close?.();
    expect(seen).toEqual(["step /app1|/x", "caller |/app1/x", "step /app1|/x", "close /app1|/x"]);
    expect([environ.SCRIPT_NAME, environ.PATH_INFO]).toEqual(["", "/app1/x"]);
  });

  it("puts back the caller's routing args after a mount with parameters", async () => {
    const environ = await environFor("/u/7");
    await dispatch({ "/u/:id": echo("u") }, { params: true })(environ, noop);
    expect("tsgi.routing_args" in environ).toBe(false);
  });
});

describe("overlapping body steps", () => {
  it("put the caller's values back once the last of them settles (return() and close() during a pending next())", async () => {
    let release: () => void = () => {};
    const slow: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return {
        [Symbol.asyncIterator]: () => ({
          next: () => new Promise<IteratorResult<Uint8Array>>((resolve) => (release = () => resolve({ done: true, value: undefined }))),
          return: async () => ({ done: true, value: undefined }),
        }),
        close: () => undefined,
      };
    };
    const environ = await environFor("/app1/x");
    const body = await dispatch({ "/app1": slow })(environ, noop);
    const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const pending = iterator.next();
    const stopped = iterator.return!();
    const closed = body.close?.();
    release();
    await Promise.all([pending, stopped, closed]);
    expect([environ.SCRIPT_NAME, environ.PATH_INFO]).toEqual(["", "/app1/x"]);
  });
});

describe("a mounted router that moves the path itself", () => {
  it("keeps its own SCRIPT_NAME and PATH_INFO in its body's later steps", async () => {
    const router: App = (environ, startResponse) => {
      shiftPathInfo(environ);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        await Promise.resolve();
        yield new TextEncoder().encode(`${environ.SCRIPT_NAME}|${environ.PATH_INFO}`);
      })();
    };
    const response = await testClient(dispatch({ "/app1": router })).get("/app1/users/7");
    expect(response.text()).toBe("/app1/users|/7");
  });
});
