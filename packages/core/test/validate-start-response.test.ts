import { describe, expect, it } from "vitest";
import { validate, type App, type HeaderList, type StartResponse } from "../src/index.js";
import { expectViolation } from "./helpers/expect-violation.js";
import { makeEnviron, serve, text } from "./helpers/validate-server.js";

/** An app that calls startResponse with `status` and `headers`, then answers `chunks`. */
function answering(status: unknown, headers: unknown, chunks: Uint8Array[] = []): App {
  return (_environ, startResponse) => {
    startResponse(status as string, headers as HeaderList);
    return chunks;
  };
}

const plain: [string, string] = ["Content-Type", "text/plain"];

describe("validate() checks startResponse calls (SPEC §5)", () => {
  const cases: [rule: string, what: string, app: App][] = [
    ["status.type", "status is a number", answering(200, [plain])],
    ["status.format", "status has no reason phrase", answering("200", [plain])],
    ["status.format", "status has two spaces", answering("200  OK", [plain])],
    ["status.format", "status has trailing whitespace", answering("200 OK ", [plain])],
    ["status.control-chars", "status ends in CRLF", answering("200 OK\r\n", [plain])],
    ["status.latin1", "status has a character above U+00FF", answering("200 O\u2713", [plain])],
    ["status.code", "the code is 600", answering("600 Odd", [plain])],
    ["status.final", "the code is 1xx", answering("103 Early Hints", [])],
    ["headers.type", "headers is an object", answering("200 OK", { "Content-Type": "text/plain" })],
    ["headers.type", "headers is a frozen Array the server cannot add Date to", answering("200 OK", Object.freeze([plain]))],
    ["headers.pair", "a header is a 3-element array", answering("200 OK", [["Content-Type", "text/plain", "x"]])],
    ["headers.pair", "a header value is a number", answering("200 OK", [["Content-Length", 0]])],
    ["headers.name", "a header name has a colon", answering("200 OK", [["Content-Type:", "text/plain"]])],
    ["headers.name", "a header name is empty", answering("200 OK", [["", "x"]])],
    ["headers.value", "a header value has CRLF", answering("200 OK", [plain, ["X-A", "a\r\nSet-Cookie: evil"]])],
    ["headers.value", "a header value has NUL", answering("200 OK", [plain, ["X-A", "a\u0000"]])],
    ["headers.latin1", "a header value has a character above U+00FF", answering("200 OK", [plain, ["X-A", "\u2603"]])],
    ["headers.status", "there is a Status header", answering("200 OK", [plain, ["Status", "200"]])],
    ["headers.hop-by-hop", "there is a Connection header", answering("200 OK", [plain, ["Connection", "close"]])],
    ["headers.hop-by-hop", "there is a Transfer-Encoding header", answering("200 OK", [plain, ["transfer-encoding", "chunked"]])],
    ["headers.no-content-type", "a 204 has Content-Type", answering("204 No Content", [plain])],
    ["headers.no-content-type", "a 304 has Content-Type", answering("304 Not Modified", [plain])],
    ["headers.content-length", "Content-Length is not digits", answering("200 OK", [plain, ["Content-Length", "1e3"]])],
    ["headers.content-length", "Content-Length appears twice", answering("200 OK", [plain, ["Content-Length", "0"], ["content-length", "0"]])],
    ["headers.no-content-length", "a 204 has Content-Length", answering("204 No Content", [["Content-Length", "0"]])],
    [
      "start-response.args",
      "startResponse gets one argument",
      (_e, startResponse) => {
        (startResponse as (...a: unknown[]) => void)("200 OK");
        return [];
      },
    ],
    [
      "start-response.once",
      "startResponse is called twice without excInfo",
      (_e, startResponse) => {
        startResponse("200 OK", [plain]);
        startResponse("404 Not Found", [plain]);
        return [];
      },
    ],
  ];
  for (const [rule, what, app] of cases) {
    it(`fails with [${rule}] when ${what}`, async () => {
      await expectViolation(() => serve(validate(app)), rule);
    });
  }

  it("throws a violation to the server even when the app caught and swallowed it", async () => {
    const app: App = (_e, startResponse) => {
      try {
        startResponse("200 OK", [plain, ["Connection", "close"]]);
      } catch {
        // a careless app hides the error and answers anyway
      }
      return [text("hi")];
    };
    await expectViolation(() => serve(validate(app)), "headers.hop-by-hop");
  });

  it("fails with [start-response.exc-info-sent] when the server does not re-throw excInfo after the headers were sent", async () => {
    const boom = new Error("boom");
    const app: App = (_e, startResponse) =>
      (async function* () {
        startResponse("200 OK", [plain]);
        yield text("partial");
        startResponse("500 Internal Server Error", [plain], boom);
        yield text("never");
      })();
    const lenientServer: StartResponse = () => {};
    const { environ } = makeEnviron();
    const body = await validate(app)(environ, lenientServer);
    const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await it.next();
    await expectViolation(() => it.next(), "start-response.exc-info-sent");
    await body.close?.();
  });

  it("lets the server's re-thrown excInfo reach the server unchanged", async () => {
    const boom = new Error("boom");
    const app: App = (_e, startResponse) =>
      (async function* () {
        startResponse("200 OK", [plain]);
        yield text("partial");
        startResponse("500 Internal Server Error", [plain], boom);
      })();
    await expect(serve(validate(app))).rejects.toBe(boom);
  });

  it("warns about [start-response.exc-info-sent] when the server throws something other than excInfo, and lets it through", async () => {
    const boom = new Error("boom");
    const other = new Error("headers already sent");
    const app: App = (_e, startResponse) =>
      (async function* () {
        startResponse("200 OK", [plain]);
        yield text("partial");
        startResponse("500 Internal Server Error", [plain], boom);
      })();
    let sent = false;
    const server: StartResponse = (_s, _h, excInfo) => {
      if (excInfo !== undefined && sent) throw other;
    };
    const { environ, log } = makeEnviron();
    const body = await validate(app)(environ, server);
    const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await it.next();
    sent = true;
    await expect(it.next()).rejects.toBe(other);
    expect(log.join("")).toContain("tsgi.validate: warning [start-response.exc-info-sent]");
    await body.close?.();
  });

  it("fails with [start-response.no-catch] when the app swallows the error startResponse threw for excInfo", async () => {
    const app: App = (_e, startResponse) =>
      (async function* () {
        startResponse("200 OK", [plain]);
        yield text("partial");
        try {
          startResponse("500 Internal Server Error", [plain], new Error("boom"));
        } catch {
          // wrong: the response is half sent and can no longer change
        }
        yield text(" and more");
      })();
    await expectViolation(() => serve(validate(app)), "start-response.no-catch");
  });

  it("fails with [start-response.return] when the server's startResponse returns a write function", async () => {
    const { environ } = makeEnviron();
    const writer = (() => () => {}) as unknown as StartResponse;
    await expectViolation(() => validate(answering("200 OK", [plain]))(environ, writer), "start-response.return");
  });

  it("accepts a second call with excInfo before the headers were sent, replacing status and headers", async () => {
    const app: App = (_e, startResponse) => {
      startResponse("200 OK", [plain]);
      try {
        throw new Error("database down");
      } catch (error) {
        startResponse("500 Internal Server Error", [plain], error);
        return [text("sorry\n")];
      }
    };
    const res = await serve(validate(app));
    expect(res.status).toBe("500 Internal Server Error");
    expect(res.log).toEqual([]);
  });
});
