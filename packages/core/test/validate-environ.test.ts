import { describe, expect, it } from "vitest";
import { RULES, validate, type Environ, type StartResponse } from "../src/index.js";
import { expectViolation } from "./helpers/expect-violation.js";
import { hello, makeEnviron, serve } from "./helpers/validate-server.js";

const noop: StartResponse = () => {};

/** A valid environ changed by `edit`, passed to a validated hello app. */
function callWith(edit: (environ: Record<string, unknown>) => void): () => unknown {
  const { environ } = makeEnviron();
  edit(environ);
  return () => validate(hello)(environ as Environ, noop);
}

describe("validate() checks the environ the server passes (SPEC §3)", () => {
  const cases: [rule: string, what: string, edit: (e: Record<string, unknown>) => void][] = [
    ["environ.required", "a required key is missing", (e) => delete e.SERVER_PROTOCOL],
    ["environ.required", "QUERY_STRING is missing", (e) => delete e.QUERY_STRING],
    ["environ.cgi-string", "a CGI key is not a string", (e) => (e.SERVER_PORT = 8080)],
    ["environ.cgi-string", "an absent variable is present as undefined", (e) => (e.REMOTE_USER = undefined)],
    ["environ.latin1", "a CGI value has a character above U+00FF", (e) => (e.PATH_INFO = "/caf\u00e9\u20ac")],
    ["environ.request-method", "REQUEST_METHOD is empty", (e) => (e.REQUEST_METHOD = "")],
    ["environ.request-method", "REQUEST_METHOD is not a token", (e) => (e.REQUEST_METHOD = "GE T")],
    ["environ.content-length", "CONTENT_LENGTH is ''", (e) => (e.CONTENT_LENGTH = "")],
    ["environ.content-length", "CONTENT_LENGTH is not digits", (e) => (e.CONTENT_LENGTH = "-1")],
    ["environ.no-http-content", "HTTP_CONTENT_TYPE exists", (e) => (e.HTTP_CONTENT_TYPE = "text/plain")],
    ["environ.no-http-content", "HTTP_CONTENT_LENGTH exists", (e) => (e.HTTP_CONTENT_LENGTH = "3")],
    ["environ.server-name", "SERVER_NAME is empty", (e) => (e.SERVER_NAME = "")],
    ["environ.server-name", "SERVER_NAME is an IPv6 address without brackets", (e) => (e.SERVER_NAME = "::1")],
    ["environ.server-name", "SERVER_NAME carries a port", (e) => (e.SERVER_NAME = "example.test:8080")],
    ["environ.http-host", "HTTP_HOST has a path", (e) => (e.HTTP_HOST = "example.test/admin")],
    ["environ.http-host", "HTTP_HOST holds two repeated Host fields joined", (e) => (e.HTTP_HOST = "a.test, b.test")],
    ["environ.http-host", "HTTP_HOST has userinfo", (e) => (e.HTTP_HOST = "user@example.test")],
    ["environ.http-host", "HTTP_HOST has a non-numeric port", (e) => (e.HTTP_HOST = "example.test:http")],
    ["environ.server-port", "SERVER_PORT is not digits", (e) => (e.SERVER_PORT = "http")],
    ["environ.server-protocol", "SERVER_PROTOCOL is malformed", (e) => (e.SERVER_PROTOCOL = "HTTP/1.1 ")],
    ["environ.http-keys", "an HTTP_ key is not folded", (e) => (e["HTTP_X-Forwarded-For"] = "1.2.3.4")],
    ["environ.http-value", "an HTTP_ value has a line break", (e) => (e.HTTP_X_A = "a\r\nb")],
    ["environ.script-name", "SCRIPT_NAME is '/'", (e) => (e.SCRIPT_NAME = "/")],
    ["environ.script-name", "SCRIPT_NAME does not start with '/'", (e) => (e.SCRIPT_NAME = "app")],
    ["environ.path-info", "PATH_INFO does not start with '/'", (e) => (e.PATH_INFO = "index.html")],
    ["environ.path-asterisk", "PATH_INFO is '*' for GET", (e) => (e.PATH_INFO = "*")],
    ["environ.path-asterisk", "tsgi.raw_uri is '*' for GET", (e) => (e["tsgi.raw_uri"] = "*")],
    ["environ.path-nonempty", "SCRIPT_NAME and PATH_INFO are both ''", (e) => (e.PATH_INFO = "")],
    ["environ.query-string", "QUERY_STRING has a fragment", (e) => (e.QUERY_STRING = "a=1#top")],
    ["environ.query-string", "QUERY_STRING was percent-decoded by the server", (e) => (e.QUERY_STRING = "q=hello world")],
    ["environ.raw-uri", "tsgi.raw_uri is not a request-target", (e) => (e["tsgi.raw_uri"] = "index.html")],
    ["environ.raw-uri", "tsgi.raw_uri has a fragment", (e) => (e["tsgi.raw_uri"] = "/page#top")],
    ["environ.raw-uri", "tsgi.raw_uri has a space", (e) => (e["tsgi.raw_uri"] = "/a b")],
    ["environ.raw-uri", "tsgi.raw_uri is CONNECT's authority-form", (e) => (e["tsgi.raw_uri"] = "example.test:443")],
    ["environ.tsgi-version", "tsgi.version is not [1, 0]", (e) => (e["tsgi.version"] = [1, 1])],
    ["environ.url-scheme", "tsgi.url_scheme is ws", (e) => (e["tsgi.url_scheme"] = "ws")],
    ["environ.tsgi-flags", "tsgi.multithread is not a boolean", (e) => (e["tsgi.multithread"] = 0)],
    ["environ.tsgi-reserved", "an unknown tsgi.* key is present", (e) => (e["tsgi.server"] = "mine")],
    ["environ.tsgi-shared", "tsgi.routing_args is not [string[], record]", (e) => (e["tsgi.routing_args"] = { id: "1" } as never)],
    ["environ.tsgi-shared", "tsgi.routing_args has a non-string value", (e) => (e["tsgi.routing_args"] = [[], { id: 1 }] as never)],
    ["environ.tsgi-shared", "tsgi.original_method is not a token", (e) => (e["tsgi.original_method"] = "PO ST")],
    ["environ.tsgi-shared", "tsgi.dispatch.mount is not a string", (e) => (e["tsgi.dispatch.mount"] = 1 as never)],
    ["input.interface", "tsgi.input has no readline", (e) => (e["tsgi.input"] = { read() {}, [Symbol.asyncIterator]() {} })],
    ["errors.interface", "tsgi.errors has no flush", (e) => (e["tsgi.errors"] = { write() {}, writelines() {} })],
  ];
  for (const [rule, what, edit] of cases) {
    it(`fails with [${rule}] when ${what}`, async () => {
      expect(RULES[rule]?.checked).toBe(true);
      await expectViolation(callWith(edit), rule);
    });
  }

  it("accepts the shared keys tsgi.routing_args, tsgi.original_method and tsgi.dispatch.mount with their types", async () => {
    const call = callWith((e) => {
      e["tsgi.routing_args"] = [["42"], { id: "42" }];
      e["tsgi.original_method"] = "POST";
      e["tsgi.dispatch.mount"] = "/api";
    });
    await expect(Promise.resolve().then(call)).resolves.toBeDefined();
  });

  it("fails with [environ.object] when environ is frozen", async () => {
    await expectViolation(callWith((e) => Object.freeze(e)), "environ.object");
  });

  it("fails with [environ.object] when environ has a symbol key", async () => {
    await expectViolation(callWith((e) => (e[Symbol("session") as unknown as string] = {})), "environ.object");
  });

  it("fails with [environ.object] when environ is a class instance", async () => {
    const { environ } = makeEnviron();
    const odd = Object.assign(Object.create({ inherited: true }) as object, environ) as Environ;
    await expectViolation(() => validate(hello)(odd, noop), "environ.object");
  });

  it("fails with [environ.fresh] when the server reuses an environ object", async () => {
    const app = validate(hello);
    const { environ } = makeEnviron();
    await serve(app, {}, environ);
    await expectViolation(() => app(environ, noop), "environ.fresh");
  });

  it("fails with [app.arguments] when the server passes a third argument", async () => {
    const { environ } = makeEnviron();
    const app = validate(hello) as (...args: unknown[]) => unknown;
    await expectViolation(() => app(environ, noop, "extra"), "app.arguments");
  });

  it("fails with [app.arguments] when the server passes only the environ", async () => {
    const { environ } = makeEnviron();
    const app = validate(hello) as (...args: unknown[]) => unknown;
    await expectViolation(() => app(environ), "app.arguments");
  });

  it("accepts Host values with a port, an IPv6 literal, or empty, and a bracketed IPv6 SERVER_NAME", async () => {
    for (const host of ["example.test:8080", "[::1]:8080", "[::1]", "", "xn--caf-dma.example", "127.0.0.1"]) {
      const { environ, log } = makeEnviron();
      environ.HTTP_HOST = host;
      environ.SERVER_NAME = "[::1]";
      expect((await serve(validate(hello), {}, environ, log)).log, host).toEqual([]);
    }
  });

  it("fails with [app.callable] when given something that is not a function", async () => {
    await expectViolation(() => validate({} as never), "app.callable");
  });

  it("warns about [environ.extension-key] for an upper-case extension key but calls the app", async () => {
    const { environ, log } = makeEnviron();
    environ["MyServer.Thing"] = 1;
    const res = await serve(validate(hello), {}, environ, log);
    expect(res.status).toBe("200 OK");
    expect(log.join("")).toContain("tsgi.validate: warning [environ.extension-key]");
  });

  it("accepts a valid OPTIONS * request, a mounted app with PATH_INFO '', and extension keys", async () => {
    const star = makeEnviron({ method: "OPTIONS", target: "*" });
    expect((await serve(validate(hello), {}, star.environ, star.log)).log).toEqual([]);
    const mounted = makeEnviron({ target: "/app" });
    mounted.environ.SCRIPT_NAME = "/app";
    mounted.environ.PATH_INFO = "";
    mounted.environ["myserver.route"] = "home";
    expect((await serve(validate(hello), {}, mounted.environ, mounted.log)).log).toEqual([]);
  });
});
