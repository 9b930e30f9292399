import { readText, validate, type App } from "@tsgi/core";
import { testClient, type CollectOptions } from "@tsgi/testing";
import { describe, expect, it } from "vitest";
import { methodOverride, methods, ORIGINAL_METHOD_KEY, originalMethod } from "../src/index.js";

/** Answers with the method it saw, the original one, and the body it read. */
const echo: App = async (environ, startResponse) => {
  const body = await readText(environ);
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  return [new TextEncoder().encode(JSON.stringify({ method: environ.REQUEST_METHOD, original: originalMethod(environ), key: environ[ORIGINAL_METHOD_KEY] ?? null, body }))];
};

// validate() inside as well: methodOverride is checked as the server of echo.
const send = async (app: App, method: string, path: string, options: CollectOptions = {}) => {
  const response = await testClient(app).request(method, path, options);
  return { response, seen: response.json<{ method: string; original: string; key: string | null; body: string }>() };
};

describe("methodOverride from the header", () => {
  const app = methodOverride(validate(echo));

  it.each(["DELETE", "PATCH", "PUT"])("turns POST into %s", async (target) => {
    const { seen } = await send(app, "POST", "/", { headers: { "X-HTTP-Method-Override": target } });
    expect(seen).toMatchObject({ method: target, original: "POST", key: "POST" });
  });

  it("matches the target without regard to case, and trims it", async () => {
    const { seen } = await send(app, "POST", "/", { headers: { "X-HTTP-Method-Override": " delete " } });
    expect(seen.method).toBe("DELETE");
  });

  it.each(["GET", "PUT", "DELETE", "PATCH"])("never overrides %s: only POST can be", async (method) => {
    const { seen, response } = await send(app, method, "/", { headers: { "X-HTTP-Method-Override": "PATCH" } });
    expect(seen).toMatchObject({ method, original: method, key: null });
    expect(response.headers.has("vary")).toBe(false);
  });

  it.each(["TRACE", "CONNECT", "GET", "OPTIONS", "PROPFIND", "FOO", "DEL ETE", "PUT, DELETE", ""])(
    "ignores %j: not on the allow-list, or not a token",
    async (value) => {
      const { seen } = await send(app, "POST", "/", { headers: { "X-HTTP-Method-Override": value } });
      expect(seen).toMatchObject({ method: "POST", original: "POST", key: null });
    },
  );

  it("adds the header to Vary, merged with the app's own, on every POST it looks at", async () => {
    const varying: App = (_e, startResponse) => {
      startResponse("204 No Content", [["Vary", "Accept"]]);
      return [];
    };
    const client = testClient(methodOverride(varying));
    const used = await client.post("/", { headers: { "X-HTTP-Method-Override": "PUT" } });
    expect(used.headers.getAll("vary")).toEqual(["Accept, X-HTTP-Method-Override"]);
    const absent = await client.post("/");
    expect(absent.headers.getAll("vary")).toEqual(["Accept, X-HTTP-Method-Override"]);
  });

  it("passes excInfo on, and the replacing response gets Vary too", async () => {
    const replacing: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], new Error("changed my mind"));
      return [new TextEncoder().encode("sorry")];
    };
    const response = await testClient(methodOverride(replacing)).post("/");
    expect(response.status).toBe(500);
    expect(response.headers.get("vary")).toBe("X-HTTP-Method-Override");
  });

  it("reads a header of another name", async () => {
    const custom = methodOverride(echo, { header: "X-Method" });
    const { seen, response } = await send(custom, "POST", "/", { headers: { "X-Method": "PUT", "X-HTTP-Method-Override": "DELETE" } });
    expect(seen.method).toBe("PUT");
    expect(response.headers.get("vary")).toBe("X-Method");
  });

  it("routes the overridden request through methods()", async () => {
    const resource = methodOverride(methods({ GET: echo, DELETE: echo }));
    const { seen } = await send(resource, "POST", "/", { headers: { "X-HTTP-Method-Override": "DELETE" } });
    expect(seen.method).toBe("DELETE");
    const refused = await testClient(resource).post("/", { headers: { "X-HTTP-Method-Override": "PUT" } });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET, HEAD, DELETE, OPTIONS");
  });
});

describe("methodOverride from the query", () => {
  const app = methodOverride(validate(echo), { query: "_method" });

  it("turns POST into the method the query names", async () => {
    const { seen, response } = await send(app, "POST", "/items/1?_method=DELETE");
    expect(seen).toMatchObject({ method: "DELETE", original: "POST" });
    expect(response.headers.get("vary")).toBe("X-HTTP-Method-Override");
  });

  it("lets the header win over the query", async () => {
    const { seen } = await send(app, "POST", "/?_method=DELETE", { headers: { "X-HTTP-Method-Override": "PUT" } });
    expect(seen.method).toBe("PUT");
  });

  it("is not used unless configured", async () => {
    const { seen } = await send(methodOverride(echo), "POST", "/?_method=DELETE");
    expect(seen.method).toBe("POST");
  });
});

describe("methodOverride from a form field", () => {
  const app = methodOverride(validate(echo), { field: "_method", header: false });

  it("turns POST into the method the field names, and the app can still read the whole body", async () => {
    const { seen, response } = await send(app, "POST", "/", { form: { title: "hi", _method: "PUT", note: "a&b" } });
    expect(seen).toMatchObject({ method: "PUT", original: "POST", body: "title=hi&_method=PUT&note=a%26b" });
    expect(response.headers.has("vary")).toBe(false);
  });

  it("re-provides a chunked body (no CONTENT_LENGTH) in full", async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("_meth");
      yield new TextEncoder().encode("od=DELETE&x=");
      yield new TextEncoder().encode("1");
    }
    const { seen } = await send(app, "POST", "/", { body: chunks(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(seen).toMatchObject({ method: "DELETE", body: "_method=DELETE&x=1" });
  });

  it.each([
    ["a body over the limit, by its Content-Length", { form: { _method: "PUT", pad: "x".repeat(200) } }],
    ["a chunked body that grows past the limit", { body: (async function* () {
      yield new TextEncoder().encode("_method=PUT&pad=");
      for (let i = 0; i < 10; i++) yield new TextEncoder().encode("y".repeat(20));
    })(), headers: { "Content-Type": "application/x-www-form-urlencoded" } }],
  ])("ignores the field of %s and leaves the body whole", async (_name, options) => {
    const limited = methodOverride(validate(echo), { field: "_method", limit: 64 });
    const { seen } = await send(limited, "POST", "/", options);
    expect(seen.method).toBe("POST");
    expect(seen.body).toMatch(/^_method=PUT&pad=(x{200}|y{200})$/);
  });

  it.each([
    ["not a URL-encoded form", "text/plain"],
    ["a multipart form", "multipart/form-data; boundary=x"],
  ])("leaves tsgi.input untouched for a body that is %s", async (_name, type) => {
    let given: unknown;
    let same = false;
    const inner: App = async (environ, startResponse) => {
      same = environ["tsgi.input"] === given;
      const text = await readText(environ);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [new TextEncoder().encode(text)];
    };
    const overridden = methodOverride(inner, { field: "_method" });
    const outer: App = (environ, startResponse) => {
      given = environ["tsgi.input"];
      return overridden(environ, startResponse);
    };
    const response = await testClient(outer).post("/", { body: "_method=PUT", headers: { "Content-Type": type } });
    expect(same).toBe(true);
    expect(response.text()).toBe("_method=PUT");
  });

  it("fails with the upload's error, without calling the app, when the body breaks while it is read", async () => {
    let called = false;
    const inner: App = (_e, startResponse) => {
      called = true;
      startResponse("204 No Content", []);
      return [];
    };
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("_method=PU");
      throw new Error("client went away");
    }
    const client = testClient(methodOverride(inner, { field: "_method" }));
    const request = client.post("/", { body: broken(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    await expect(request).rejects.toThrow("client went away");
    expect(called).toBe(false);
  });

  it("accepts the form type with parameters and in any case", async () => {
    const { seen } = await send(app, "POST", "/", { body: "_method=patch", headers: { "Content-Type": "Application/X-WWW-Form-URLEncoded; charset=UTF-8" } });
    expect(seen.method).toBe("PATCH");
  });

  it("is not looked at when the header already decided", async () => {
    const both = methodOverride(validate(echo), { field: "_method" });
    const { seen } = await send(both, "POST", "/", { form: { _method: "PUT" }, headers: { "X-HTTP-Method-Override": "DELETE" } });
    expect(seen).toMatchObject({ method: "DELETE", body: "_method=PUT" });
  });
});

describe("methodOverride options", () => {
  it("overrides other methods when options.from says so", async () => {
    const app = methodOverride(echo, { from: ["POST", "PUT"] });
    const { seen } = await send(app, "PUT", "/", { headers: { "X-HTTP-Method-Override": "DELETE" } });
    expect(seen.method).toBe("DELETE");
  });

  it("keeps the method the request arrived with when two overrides run", async () => {
    const app = methodOverride(methodOverride(echo, { from: ["PUT"], header: "X-Second" }), { to: ["PUT"] });
    const { seen } = await send(app, "POST", "/", { headers: { "X-HTTP-Method-Override": "PUT", "X-Second": "DELETE" } });
    expect(seen).toMatchObject({ method: "DELETE", original: "POST", key: "POST" });
  });

  it("allows only the targets of options.to", async () => {
    const app = methodOverride(echo, { to: ["DELETE", "PURGE"] });
    expect((await send(app, "POST", "/", { headers: { "X-HTTP-Method-Override": "PURGE" } })).seen.method).toBe("PURGE");
    expect((await send(app, "POST", "/", { headers: { "X-HTTP-Method-Override": "PUT" } })).seen.method).toBe("POST");
  });

  it.each([
    [{ to: ["TRACE"] }, /TRACE can never be an override target/],
    [{ to: ["connect"] }, /connect can never be an override target/],
    [{ to: ["BAD METHOD"] }, /not a method token/],
    [{ to: "PUT" }, /options.to must be an iterable/],
    [{ from: ["GET"] }, /GET is a safe method/],
    [{ from: ["HEAD"] }, /HEAD is a safe method/],
    [{ header: "X_Method" }, /options.header/],
    [{ header: "Content-Type" }, /options.header/],
    [{ header: "" }, /options.header must be/],
    [{ query: 1 }, /options.query must be/],
    [{ field: true }, /options.field must be/],
    [{ limit: -1 }, /options.limit/],
    [{ limit: 1.5 }, /options.limit/],
    [{ headers: "X" }, /unknown option "headers"/],
  ])("refuses %j with a TypeError naming the option", (options, message) => {
    expect(() => methodOverride(echo, options as never)).toThrow(message);
    expect(() => methodOverride(echo, options as never)).toThrow(TypeError);
  });

  it("refuses something that is not an app", () => {
    expect(() => methodOverride({} as never)).toThrow(/app must be an app function/);
  });
});
