import { describe, expect, it } from "vitest";
import { validate, type App, type Environ, type HeaderList, type StartResponse } from "../src/index.js";
import { expectViolation } from "./helpers/expect-violation.js";
import { hello, makeEnviron, serve, text } from "./helpers/validate-server.js";

const noop: StartResponse = () => {};

function environWith(edit: (environ: Record<string, unknown>) => void): Environ {
  const { environ } = makeEnviron();
  edit(environ);
  return environ;
}

describe("validate() checks tsgi.signal (SPEC [environ.signal])", () => {
  it.each([
    ["a plain object", { aborted: false }],
    ["a string", "signal"],
    ["an AbortController instead of its signal", new AbortController()],
  ])("fails when tsgi.signal is %s", async (_what, value) => {
    const environ = environWith((e) => (e["tsgi.signal"] = value));
    await expectViolation(() => validate(hello)(environ, noop), "environ.signal");
  });

  it("fails when tsgi.signal is already aborted when the app is called", async () => {
    const environ = environWith((e) => (e["tsgi.signal"] = AbortSignal.abort()));
    await expectViolation(() => validate(hello)(environ, noop), "environ.signal");
  });

  it("accepts an environ without tsgi.signal and one with a live signal, which the app sees", async () => {
    const controller = new AbortController();
    let seen: unknown;
    const app: App = (environ, startResponse) => {
      seen = environ["tsgi.signal"];
      return hello(environ, startResponse);
    };
    const environ = environWith((e) => (e["tsgi.signal"] = controller.signal));
    const served = await serve(validate(app), {}, environ);
    expect(served.status).toBe("200 OK");
    expect(seen).toBe(controller.signal);
    await expect(serve(validate(hello))).resolves.toMatchObject({ status: "200 OK" });
  });
});

describe("validate() checks tsgi.early_hints (SPEC [environ.early-hints])", () => {
  function withHints(): { environ: Environ; sent: HeaderList[] } {
    const sent: HeaderList[] = [];
    const environ = environWith((e) => (e["tsgi.early_hints"] = (headers: HeaderList) => sent.push(headers)));
    return { environ, sent };
  }

  const hinting = (hints: unknown): App => (environ, startResponse) => {
    (environ["tsgi.early_hints"] as (h: unknown) => void)(hints);
    return hello(environ, startResponse);
  };

  it("fails when tsgi.early_hints is not a function", async () => {
    const environ = environWith((e) => (e["tsgi.early_hints"] = [["Link", "</a.css>; rel=preload"]]));
    await expectViolation(() => validate(hello)(environ, noop), "environ.early-hints");
  });

  it.each([
    ["a header other than Link", [["Content-Type", "text/html"]]],
    ["an empty list", []],
    ["a value with a line break", [["Link", "</a.css>\r\nX: y"]]],
    ["a pair with a non-token name", [["Li nk", "</a.css>"]]],
    ["not a list", "Link: </a.css>"],
  ])("fails when the app sends %s as early hints", async (_what, hints) => {
    const { environ, sent } = withHints();
    await expectViolation(() => validate(hinting(hints))(environ, noop), "environ.early-hints");
    expect(sent).toEqual([]);
  });

  it("fails when the app sends early hints after the first body byte went out", async () => {
    const { environ } = withHints();
    const late: App = (env, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (function* () {
        yield text("first");
        env["tsgi.early_hints"]!([["Link", "</late.css>; rel=preload"]]);
        yield text("second");
      })();
    };
    await expectViolation(() => serve(validate(late), {}, environ), "environ.early-hints");
  });

  it("passes Link hints sent before the response through to the server, any letter case", async () => {
    const { environ, sent } = withHints();
    const hints: HeaderList = [
      ["Link", "</style.css>; rel=preload; as=style"],
      ["link", "</app.js>; rel=preload; as=script"],
    ];
    const served = await serve(validate(hinting(hints)), {}, environ);
    expect(served.status).toBe("200 OK");
    expect(sent).toEqual([hints]);
  });
});
