import { describe, expect, it } from "vitest";
import {
  buildEnvironFromRequest,
  collectBody,
  createErrorStream,
  validate,
  type App,
  type Environ,
} from "../src/index.js";
import { statusOf } from "./helpers/status-of.js";

const errors = createErrorStream(() => {});

function environ(request: Request, options: Partial<Parameters<typeof buildEnvironFromRequest>[1]> = {}): Environ {
  return buildEnvironFromRequest(request, { errors, ...options });
}

describe("buildEnvironFromRequest", () => {
  it("takes PATH_INFO decoded to latin-1 and QUERY_STRING raw from the parsed URL", () => {
    const env = environ(new Request("http://a.test:8080/caf%C3%A9/a%20b?x=%20y"));
    expect(env.PATH_INFO).toBe("/caf\u00c3\u00a9/a b");
    expect(env.QUERY_STRING).toBe("x=%20y");
    expect(env.SCRIPT_NAME).toBe("");
    expect([env.SERVER_NAME, env.SERVER_PORT, env["tsgi.url_scheme"]]).toEqual(["a.test", "8080", "http"]);
  });

  it("sets no tsgi.raw_uri, since the runtime re-serialised the target, unless the raw target is given", () => {
    expect("tsgi.raw_uri" in environ(new Request("http://a.test/x"))).toBe(false);
    const env = environ(new Request("http://a.test/b"), { rawTarget: "/a/../b" });
    expect(env["tsgi.raw_uri"]).toBe("/a/../b");
    expect(env.PATH_INFO).toBe("/a/../b");
  });

  it("defaults the port by scheme and uses the server's own name and port when given", () => {
    const env = environ(new Request("https://a.test/"));
    expect([env.SERVER_PORT, env["tsgi.url_scheme"]]).toEqual(["443", "https"]);
    const own = environ(new Request("http://a.test/"), { serverName: "127.0.0.1", serverPort: "9000" });
    expect([own.SERVER_NAME, own.SERVER_PORT]).toEqual(["127.0.0.1", "9000"]);
  });

  it("takes HTTP_HOST from the URL's authority when no Host field came (HTTP/2 :authority)", () => {
    expect(environ(new Request("http://a.test:81/")).HTTP_HOST).toBe("a.test:81");
  });

  it("folds headers as buildEnviron does and re-encodes a UTF-8-decoded value to latin-1 bytes", () => {
    const request = new Request("http://a.test/", { headers: { "X-Name": "caf\u00c3\u00a9", "Content-Type": "text/plain" } });
    const env = environ(request);
    expect(env.HTTP_X_NAME).toBe("caf\u00c3\u00a9");
    expect(env.CONTENT_TYPE).toBe("text/plain");
    // A runtime that decodes header bytes as UTF-8 hands "é €" instead of their bytes.
    const fake = {
      url: "http://a.test/",
      method: "GET",
      body: null,
      headers: new Headers(),
    } as unknown as Request;
    Object.defineProperty(fake, "headers", {
      value: { forEach: (f: (v: string, k: string) => void) => f("caf\u00e9 \u20ac", "x-name") },
    });
    expect(environ(fake).HTTP_X_NAME).toBe("caf\u00c3\u00a9 \u00e2\u0082\u00ac");
    // workerd decodes UTF-8 even where the result fits latin-1 ("é" is U+00E9): headerEncoding says so.
    expect(environ(fake, { headerEncoding: "utf-8" }).HTTP_X_NAME).toBe("caf\u00c3\u00a9 \u00e2\u0082\u00ac");
    const latin1Only = { ...fake, headers: { forEach: (f: (v: string, k: string) => void) => f("caf\u00e9", "x-name") } } as unknown as Request;
    expect(environ(latin1Only).HTTP_X_NAME).toBe("caf\u00e9");
    expect(environ(latin1Only, { headerEncoding: "utf-8" }).HTTP_X_NAME).toBe("caf\u00c3\u00a9");
  });

  it.each([
    ["an invalid percent-escape in the path", new Request("http://a.test/%zz")],
    ["a repeated Content-Length the Headers object joined", new Request("http://a.test/", {
      method: "POST", body: "hello", headers: [["content-length", "5"], ["content-length", "5"]],
    })],
  ])("answers 400 to %s", (_what, request) => {
    expect(statusOf(() => environ(request))).toBe(400);
  });

  it("reads the request body through tsgi.input and passes validate()", async () => {
    const env = environ(new Request("http://a.test/up", { method: "POST", body: "hello" }), { remoteAddr: "127.0.0.1" });
    const echo: App = async (e, startResponse) => {
      const bytes = await e["tsgi.input"].read();
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", String(bytes.byteLength)]]);
      return [bytes];
    };
    let status = "";
    const body = await validate(echo)(env, (s) => void (status = s));
    expect(new TextDecoder().decode(await collectBody(body))).toBe("hello");
    expect(status).toBe("200 OK");
    expect(env.REMOTE_ADDR).toBe("127.0.0.1");
  });
});
