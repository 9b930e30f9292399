import type { App, Environ } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { testClient } from "../src/index.js";
import { textApp } from "./helpers.js";

const ok = textApp("ok");

describe("the environ a request builds", () => {
  it("has the defaults of a plain HTTP/1.1 server on localhost:80", async () => {
    const environ = await testClient(ok).environFor("GET", "/");
    expect(environ).toMatchObject({
      REQUEST_METHOD: "GET",
      SCRIPT_NAME: "",
      PATH_INFO: "/",
      QUERY_STRING: "",
      SERVER_NAME: "localhost",
      SERVER_PORT: "80",
      SERVER_PROTOCOL: "HTTP/1.1",
      REMOTE_ADDR: "127.0.0.1",
      HTTP_HOST: "localhost",
      "tsgi.version": [1, 0],
      "tsgi.url_scheme": "http",
      "tsgi.multithread": false,
      "tsgi.multiprocess": false,
      "tsgi.run_once": false,
      "tsgi.raw_uri": "/",
    });
    expect(environ.REMOTE_PORT).toBeUndefined();
    expect(await environ["tsgi.input"].read()).toHaveLength(0);
  });

  it("takes scheme, host and port from baseUrl", async () => {
    const environ = await testClient(ok, { baseUrl: "https://example.com:8443" }).environFor("GET", "/");
    expect(environ["tsgi.url_scheme"]).toBe("https");
    expect(environ.SERVER_NAME).toBe("example.com");
    expect(environ.SERVER_PORT).toBe("8443");
    expect(environ.HTTP_HOST).toBe("example.com:8443");
  });

  it("uses 443 for an https baseUrl without a port", async () => {
    const environ = await testClient(ok, { baseUrl: "https://example.com" }).environFor("GET", "/");
    expect(environ.SERVER_PORT).toBe("443");
    expect(environ.HTTP_HOST).toBe("example.com");
  });

  it("lets every server value be overridden", async () => {
    const client = testClient(ok, {
      serverName: "internal",
      serverPort: "8080",
      remoteAddr: "10.0.0.9",
      remotePort: "50123",
      protocol: "HTTP/1.0",
      headers: { host: "public.example" },
    });
    const environ = await client.environFor("GET", "/");
    expect(environ).toMatchObject({
      SERVER_NAME: "internal",
      SERVER_PORT: "8080",
      REMOTE_ADDR: "10.0.0.9",
      REMOTE_PORT: "50123",
      SERVER_PROTOCOL: "HTTP/1.0",
      HTTP_HOST: "public.example",
    });
  });

  it("takes scheme and host from an absolute URL given as the path", async () => {
    const environ = await testClient(ok).environFor("GET", "https://api.example/v1?x=1");
    expect(environ["tsgi.url_scheme"]).toBe("https");
    expect(environ.HTTP_HOST).toBe("api.example");
    expect(environ.SERVER_PORT).toBe("443");
    expect(environ.PATH_INFO).toBe("/v1");
    expect(environ.QUERY_STRING).toBe("x=1");
  });

  it("rejects a baseUrl that is not http(s) and a relative path", async () => {
    expect(() => testClient(ok, { baseUrl: "ftp://x" })).toThrow(/baseUrl/);
    await expect(testClient(ok).get("relative")).rejects.toThrow(/must start with "\/"/);
  });

  it("does not call the app for environFor", async () => {
    let called = false;
    const app: App = (environ, startResponse) => {
      called = true;
      return ok(environ, startResponse);
    };
    await testClient(app).environFor("POST", "/x", { json: {} });
    expect(called).toBe(false);
  });
});

describe("paths", () => {
  const client = testClient(ok);

  it("percent-decodes PATH_INFO to latin-1, as a server does", async () => {
    const environ = await client.environFor("GET", "/caf%C3%A9/a%2Fb");
    expect(environ.PATH_INFO).toBe("/cafÃ©/a/b");
    expect(environ["tsgi.raw_uri"]).toBe("/caf%C3%A9/a%2Fb");
  });

  it("sends a path written in Unicode as UTF-8", async () => {
    const environ = await client.environFor("GET", "/café/a b");
    expect(environ["tsgi.raw_uri"]).toBe("/caf%C3%A9/a%20b");
    expect(environ.PATH_INFO).toBe("/cafÃ©/a b");
  });

  it("keeps dot segments and double slashes, as servers do", async () => {
    const environ = await client.environFor("GET", "/a/../b//c");
    expect(environ.PATH_INFO).toBe("/a/../b//c");
  });

  it("drops the fragment", async () => {
    const environ = await client.environFor("GET", "/page#top");
    expect(environ.PATH_INFO).toBe("/page");
    expect(environ["tsgi.raw_uri"]).toBe("/page");
  });

  it("throws on invalid percent-encoding instead of calling the app", async () => {
    await expect(client.get("/bad%zz")).rejects.toThrow(/invalid percent-encoding/);
  });

  it("sends an OPTIONS * request", async () => {
    const environ = await client.environFor("OPTIONS", "*");
    expect(environ.PATH_INFO).toBe("*");
  });
});

describe("query strings", () => {
  const client = testClient(ok);

  it("keeps a query written in the path raw", async () => {
    const environ = await client.environFor("GET", "/s?q=a%20b&x");
    expect(environ.QUERY_STRING).toBe("q=a%20b&x");
  });

  it("encodes a query record as a form, repeating keys for arrays", async () => {
    const environ = await client.environFor("GET", "/s", { query: { q: "café & co", page: 2, tag: ["a", "b"], on: true } });
    expect(environ.QUERY_STRING).toBe("q=caf%C3%A9+%26+co&page=2&tag=a&tag=b&on=true");
  });

  it("appends the query option to a query already in the path", async () => {
    const environ = await client.environFor("GET", "/s?a=1", { query: new URLSearchParams({ b: "2" }) });
    expect(environ.QUERY_STRING).toBe("a=1&b=2");
  });

  it("sends a query string as given, UTF-8 encoding only what must be", async () => {
    const environ = await client.environFor("GET", "/s", { query: "x=é y&z=%41" });
    expect(environ.QUERY_STRING).toBe("x=%C3%A9%20y&z=%41");
  });
});

describe("headers", () => {
  const client = testClient(ok, { headers: { "user-agent": "tsgi-test", accept: "text/html" } });

  it("folds request headers to HTTP_* keys", async () => {
    const environ = await client.environFor("GET", "/", { headers: { "X-Request-Id": "abc" } });
    expect(environ.HTTP_X_REQUEST_ID).toBe("abc");
    expect(environ.HTTP_USER_AGENT).toBe("tsgi-test");
  });

  it("lets request headers replace client headers of the same name", async () => {
    const environ = await client.environFor("GET", "/", { headers: [["Accept", "application/json"]] });
    expect(environ.HTTP_ACCEPT).toBe("application/json");
  });

  it("joins repeated headers with commas, and cookies with semicolons", async () => {
    const environ = await client.environFor("GET", "/", {
      headers: { "x-forwarded-for": ["1.1.1.1", "2.2.2.2"], cookie: ["a=1", "b=2"] },
    });
    expect(environ.HTTP_X_FORWARDED_FOR).toBe("1.1.1.1, 2.2.2.2");
    expect(environ.HTTP_COOKIE).toBe("a=1; b=2");
  });

  it("accepts a WHATWG Headers object", async () => {
    const environ = await client.environFor("GET", "/", { headers: new Headers({ "X-One": "1" }) });
    expect(environ.HTTP_X_ONE).toBe("1");
  });

  it("drops header names with an underscore, as servers do", async () => {
    const environ = await client.environFor("GET", "/", { headers: { x_user: "admin" } });
    expect(environ.HTTP_X_USER).toBeUndefined();
  });

  it("rejects header values with a newline or beyond latin-1", async () => {
    await expect(client.get("/", { headers: { "x-a": "1\r\nx-b: 2" } })).rejects.toThrow(/request header x-a/);
    await expect(client.get("/", { headers: { "x-a": "€" } })).rejects.toThrow(/latin-1/);
  });
});

describe("scriptName", () => {
  it("splits the path into SCRIPT_NAME and PATH_INFO", async () => {
    const environ = await testClient(ok, { scriptName: "/app" }).environFor("GET", "/app/users/1?x=1");
    expect(environ.SCRIPT_NAME).toBe("/app");
    expect(environ.PATH_INFO).toBe("/users/1");
    expect(environ.QUERY_STRING).toBe("x=1");
  });

  it("gives an empty PATH_INFO at the mount point itself", async () => {
    const environ = await testClient(ok).environFor("GET", "/app", { scriptName: "/app/" });
    expect(environ.SCRIPT_NAME).toBe("/app");
    expect(environ.PATH_INFO).toBe("");
  });

  it("decodes a mount point written in Unicode like the path", async () => {
    const environ = await testClient(ok, { scriptName: "/café" }).environFor("GET", "/caf%C3%A9/x");
    expect(environ.SCRIPT_NAME).toBe("/cafÃ©");
    expect(environ.PATH_INFO).toBe("/x");
  });

  it("refuses a path outside the mount point", async () => {
    await expect(testClient(ok, { scriptName: "/app" }).get("/application")).rejects.toThrow(/not under scriptName/);
  });
});

describe("the environ hook", () => {
  it("runs the client hook, then the request hook, before the app", async () => {
    const seen: string[] = [];
    const app: App = (environ: Environ, startResponse) => {
      seen.push(String(environ["myapp.user"]));
      return ok(environ, startResponse);
    };
    const client = testClient(app, {
      environ: (environ) => {
        environ["myapp.user"] = "client";
      },
    });
    await client.get("/");
    await client.get("/", {
      environ: (environ) => {
        environ["myapp.user"] += "+request";
      },
    });
    expect(seen).toEqual(["client", "client+request"]);
  });
});
