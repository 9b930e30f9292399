import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { validate, type App, type Body, type StartResponse } from "../src/index.js";
import { expectViolation } from "./helpers/expect-violation.js";
import { makeEnviron, serve, text } from "./helpers/validate-server.js";

const plain: [string, string] = ["Content-Type", "text/plain"];
const noop: StartResponse = () => {};

function returning(body: unknown, status = "200 OK", headers: [string, string][] = [plain]): App {
  return (_e, startResponse) => {
    startResponse(status, headers);
    return body as Body;
  };
}

async function* chunks(...parts: unknown[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p as Uint8Array;
}

/** Calls a validated app as a server would, without iterating the body. */
async function bodyOf(app: App, method = "GET"): Promise<Body> {
  const { environ } = makeEnviron({ method });
  return validate(app)(environ, noop);
}

describe("validate() checks the body the app returns (SPEC §4, §6)", () => {
  const cases: [rule: string, what: string, app: App][] = [
    ["app.body-type", "the app returns null", returning(null)],
    ["app.body-type", "the app returns a string", returning("hello")],
    ["app.body-type", "the app returns a Uint8Array itself", returning(text("hello"))],
    ["app.body-type", "the app returns a plain object", returning({ data: 1 })],
    ["app.body-type", "the app resolves to undefined", async (_e, sr) => (sr("200 OK", [plain]), undefined as unknown as Body)],
    ["body.close-type", "close is not a function", returning(Object.assign([text("x")], { close: "yes" }))],
    ["start-response.before-body", "an Array body is returned before startResponse", () => [text("x")]],
    ["start-response.before-body", "a generator yields before startResponse", () => chunks(text("x"))],
    ["start-response.before-body", "an empty body ends without startResponse", () => chunks()],
    ["body.chunk-type", "an Array holds a string", returning(["hello"])],
    ["body.chunk-type", "a generator yields a string", returning(chunks("hello"))],
    ["body.chunk-type", "a generator yields a number[]", returning(chunks([104, 105]))],
    [
      "body.chunk-type",
      "an iterator gives a non-object result",
      returning({ [Symbol.iterator]: () => ({ next: () => 42 }) }),
    ],
    ["body.no-body-status", "a 204 Array body has bytes", returning([text("x")], "204 No Content", [])],
    ["body.no-body-status", "a 304 generator yields bytes", returning(chunks(text("x")), "304 Not Modified", [])],
    ["body.content-length", "an Array body is shorter than Content-Length", returning([text("abc")], "200 OK", [plain, ["Content-Length", "5"]])],
    ["body.content-length", "a generator yields more than Content-Length", returning(chunks(text("abc"), text("def")), "200 OK", [plain, ["Content-Length", "4"]])],
    ["body.content-length", "a generator yields fewer than Content-Length", returning(chunks(text("abc")), "200 OK", [plain, ["Content-Length", "4"]])],
  ];
  for (const [rule, what, app] of cases) {
    it(`fails with [${rule}] when ${what}`, async () => {
      await expectViolation(() => serve(validate(app)), rule);
    });
  }

  it("closes the app's body when it rejects the body's type", async () => {
    let closed = 0;
    const app = returning(Object.assign(Object.create(null) as object, { close: () => void closed++ }));
    await expectViolation(() => serve(validate(app)), "app.body-type");
    expect(closed).toBe(1);
  });

  it("closes the app's Array body when it is rejected while being checked", async () => {
    let closed = 0;
    const app: App = () => Object.assign([text("x")], { close: () => void closed++ });
    await expectViolation(() => serve(validate(app)), "start-response.before-body");
    expect(closed).toBe(1);
  });

  it("does not check Content-Length against the body on HEAD or 304", async () => {
    const head = await serve(validate(returning([], "200 OK", [plain, ["Content-Length", "12"]])), { method: "HEAD" });
    expect(head.log).toEqual([]);
    const notModified = await serve(validate(returning([], "304 Not Modified", [["Content-Length", "12"]])));
    expect(notModified.log).toEqual([]);
  });

  it("warns about [headers.content-type] for a body without Content-Type, and still answers", async () => {
    const res = await serve(validate(returning([text("x")], "200 OK", [])));
    expect(res.body).toEqual(text("x"));
    expect(res.log.join("")).toContain("tsgi.validate: warning [headers.content-type]");
  });

  it("does not warn about Content-Type for an empty redirect", async () => {
    const res = await serve(validate(returning([], "302 Found", [["Location", "/"]])));
    expect(res.log).toEqual([]);
  });
});

describe("validate() checks how the server uses the body (SPEC §6, §8)", () => {
  it("fails with [body.once] when the server iterates the body twice", async () => {
    const body = await bodyOf(returning(chunks(text("a"))));
    for await (const _ of body as AsyncIterable<Uint8Array>) void _;
    await expectViolation(() => (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator](), "body.once");
    await body.close?.();
  });

  it("fails with [body.once] when the server iterates an Array body twice", async () => {
    const body = await bodyOf(returning([text("a")]));
    for (const _ of body as Iterable<Uint8Array>) void _;
    await expectViolation(() => [...(body as Iterable<Uint8Array>)], "body.once");
    await body.close?.();
  });

  it("fails with [body.array-fixed] when the app adds a chunk to its Array body after returning it", async () => {
    const chunks = [text("a")];
    const body = await bodyOf(returning(chunks));
    chunks.push(text("late"));
    for (const _ of body as Iterable<Uint8Array>) void _;
    await expectViolation(() => body.close?.(), "body.array-fixed");
  });

  it("lets an app's close() empty its own Array body, and still calls it", async () => {
    let closed = 0;
    const chunks = Object.assign([text("a")], {
      close() {
        chunks.length = 0;
        closed++;
      },
    });
    const res = await serve(validate(returning(chunks)));
    expect(res.log).toEqual([]);
    expect(closed).toBe(1);
  });

  it("lets the server read an Array body by index", async () => {
    const body = (await bodyOf(returning([text("a"), text("b")]))) as Uint8Array[] & Body;
    expect(Array.isArray(body)).toBe(true);
    expect(body.length).toBe(2);
    expect(body[1]).toEqual(text("b"));
    await body.close?.();
  });

  it("fails with [body.one-at-a-time] when the server calls next() while one is pending", async () => {
    const body = await bodyOf(returning(chunks(text("a"), text("b"))));
    const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const first = it.next();
    await expectViolation(() => it.next(), "body.one-at-a-time");
    await first;
    await it.return?.();
    await body.close?.();
  });

  it("fails with [body.after-close] when the server iterates after close()", async () => {
    const body = await bodyOf(returning(chunks(text("a"))));
    await body.close?.();
    await expectViolation(async () => {
      for await (const _ of body as AsyncIterable<Uint8Array>) void _;
    }, "body.after-close");
  });

  it("fails with [body.iterator-return] when the server stops early and closes without return()", async () => {
    let finalized = false;
    const app = returning(
      (async function* () {
        try {
          yield text("a");
          yield text("b");
        } finally {
          finalized = true;
        }
      })(),
    );
    const body = await bodyOf(app);
    const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await it.next();
    await expectViolation(() => body.close?.(), "body.iterator-return");
    expect(finalized).toBe(false);
  });

  it("passes return() through to the app's generator so its finally runs", async () => {
    let finalized = false;
    const app = returning(
      (async function* () {
        try {
          yield text("a");
          yield text("b");
        } finally {
          finalized = true;
        }
      })(),
    );
    const body = await bodyOf(app);
    for await (const _ of body as AsyncIterable<Uint8Array>) break;
    await body.close?.();
    expect(finalized).toBe(true);
  });

  it("fails with [body.close-once] when the server calls close() twice, closing the app's body once", async () => {
    let closed = 0;
    const body = await bodyOf(returning(Object.assign([text("a")], { close: () => void closed++ })));
    await body.close?.();
    await expectViolation(() => body.close?.(), "body.close-once");
    expect(closed).toBe(1);
  });

  it("fails with [server.head] when the server pulls a HEAD body past the first non-empty chunk", async () => {
    const body = await bodyOf(returning(chunks(text("a"), text("b"))), "HEAD");
    const it = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await it.next();
    await expectViolation(() => it.next(), "server.head");
    await it.return?.();
    await body.close?.();
  });

  it("reports [body.close] to tsgi.errors when the server drops a body without close()", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const { environ, log } = makeEnviron();
    (() => {
      // The body is dropped at the end of this scope without close().
      void validate(returning([text("a")]))(environ, noop);
    })();
    for (let i = 0; i < 20 && log.length === 0; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(log.join("")).toContain("tsgi.validate: [body.close] the body of GET / was garbage-collected");
  });
});
