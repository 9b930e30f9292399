import { describe, expect, it } from "vitest";
import { createErrorStream, validate, type App, type Environ, type InputStream, type StartResponse } from "../src/index.js";
import { expectViolation } from "./helpers/expect-violation.js";
import { decode, makeEnviron, serve, text } from "./helpers/validate-server.js";

const plain: [string, string] = ["Content-Type", "text/plain"];
const noop: StartResponse = () => {};

/** An app that does `use` with tsgi.input / tsgi.errors, then answers 200. */
function using(use: (environ: Environ) => unknown): App {
  return async (environ, startResponse) => {
    await use(environ);
    startResponse("200 OK", [plain]);
    return [];
  };
}

/** A server-side input stream that misbehaves in `read`. */
function badInput(read: (size?: number) => Promise<unknown>): InputStream {
  return {
    read: read as InputStream["read"],
    readline: () => Promise.resolve(new Uint8Array(0)),
    async *[Symbol.asyncIterator]() {},
  };
}

describe("validate() checks tsgi.input (SPEC §3.4)", () => {
  const body = { method: "POST", body: [text("line one\n"), text("line two\n")] };

  it("passes reads, readline and iteration through unchanged", async () => {
    let seen = "";
    const app = using(async (environ) => {
      const input = environ["tsgi.input"];
      seen += decode(await input.readline());
      seen += decode(await input.read(4));
      for await (const chunk of input) seen += decode(chunk);
      seen += `[${(await input.read()).byteLength}]`;
    });
    const res = await serve(validate(app), body);
    expect(seen).toBe("line one\nline two\n[0]");
    expect(res.log).toEqual([]);
  });

  it("fails with [input.size-arg] when the app passes a negative size", async () => {
    await expectViolation(() => serve(validate(using((e) => e["tsgi.input"].read(-1))), body), "input.size-arg");
  });

  it("fails with [input.size-arg] when the app passes readline a string", async () => {
    await expectViolation(() => serve(validate(using((e) => e["tsgi.input"].readline("10" as never))), body), "input.size-arg");
  });

  it("fails with [input.size-arg] when the app passes read a second argument", async () => {
    const read = (e: Environ) => (e["tsgi.input"].read as (...a: unknown[]) => Promise<Uint8Array>)(4, new Uint8Array(4));
    await expectViolation(() => serve(validate(using(read)), body), "input.size-arg");
  });

  it("fails with [input.no-close] when the app closes tsgi.input", async () => {
    const app = using((e) => (e["tsgi.input"] as unknown as { close(): void }).close());
    await expectViolation(() => serve(validate(app), body), "input.no-close");
  });

  it("fails with [input.one-at-a-time] when the app reads twice without waiting", async () => {
    const app = using((e) => Promise.all([e["tsgi.input"].read(1), e["tsgi.input"].read(1)]));
    await expectViolation(() => serve(validate(app), body), "input.one-at-a-time");
  });

  async function withInput(input: InputStream, use: (environ: Environ) => unknown, contentLength?: string): Promise<unknown> {
    const { environ } = makeEnviron();
    environ["tsgi.input"] = input;
    if (contentLength !== undefined) environ.CONTENT_LENGTH = contentLength;
    return validate(using(use))(environ, noop);
  }

  it("fails with [input.return] when the server's read gives a string", async () => {
    await expectViolation(() => withInput(badInput(() => Promise.resolve("abc")), (e) => e["tsgi.input"].read(3)), "input.return");
  });

  it("fails with [input.return] when the server's read gives more than asked", async () => {
    await expectViolation(() => withInput(badInput(() => Promise.resolve(text("abcdef"))), (e) => e["tsgi.input"].read(3)), "input.return");
  });

  it("fails with [input.eof] when the server gives bytes after signalling the end", async () => {
    let calls = 0;
    const input = badInput(() => Promise.resolve(calls++ === 0 ? new Uint8Array(0) : text("late")));
    await expectViolation(
      () => withInput(input, async (e) => (await e["tsgi.input"].read(4), await e["tsgi.input"].read(4))),
      "input.eof",
    );
  });

  it("fails with [input.content-length] when the body ends before CONTENT_LENGTH", async () => {
    const input = badInput(() => Promise.resolve(text("ab")));
    await expectViolation(() => withInput(input, (e) => e["tsgi.input"].read(), "5"), "input.content-length");
  });

  it("fails with [input.content-length] when the body is longer than CONTENT_LENGTH", async () => {
    const input = badInput(() => Promise.resolve(text("abcdef")));
    await expectViolation(() => withInput(input, (e) => e["tsgi.input"].read(10), "3"), "input.content-length");
  });
});

describe("validate() checks tsgi.errors (SPEC §3.5)", () => {
  it("passes text through to the server's stream", async () => {
    const res = await serve(validate(using((e) => (e["tsgi.errors"].write("a\n"), e["tsgi.errors"].writelines(["b\n"])))));
    expect(res.log).toEqual(["a\n", "b\n"]);
  });

  it("fails with [errors.write-arg] when the app writes bytes", async () => {
    await expectViolation(() => serve(validate(using((e) => e["tsgi.errors"].write(text("x") as never)))), "errors.write-arg");
  });

  it("fails with [errors.write-arg] when writelines gets a non-string line", async () => {
    await expectViolation(() => serve(validate(using((e) => e["tsgi.errors"].writelines(["a", 1] as never)))), "errors.write-arg");
  });

  it("fails with [errors.no-close] when the app closes tsgi.errors", async () => {
    const app = using((e) => (e["tsgi.errors"] as unknown as { close(): void }).close());
    await expectViolation(() => serve(validate(app)), "errors.no-close");
  });

  it("fails with [errors.accept-any] when the server's stream throws", async () => {
    const { environ } = makeEnviron();
    environ["tsgi.errors"] = createErrorStream(() => {
      throw new Error("disk full");
    });
    await expectViolation(() => validate(using((e) => e["tsgi.errors"].write("x")))(environ, noop), "errors.accept-any");
  });
});
