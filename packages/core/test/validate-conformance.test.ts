import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  callApp,
  compose,
  deleteHeader,
  getHeader,
  mapBody,
  RULES,
  setHeader,
  SpecViolation,
  validate,
  type App,
  type Middleware,
} from "../src/index.js";
import { decode, hello, makeEnviron, serve, text } from "./helpers/validate-server.js";

const root = join(import.meta.dirname, "..");

/** SPEC §10.2: appends a footer and fixes Content-Length, streaming. */
const modify: Middleware = (app) => async (environ, startResponse) => {
  const { status, headers, body } = await callApp(app, environ);
  const footer = text(" -- Modified by middleware");
  const length = getHeader(headers, "Content-Length");
  if (length !== undefined) setHeader(headers, "Content-Length", String(Number(length) + footer.byteLength));
  deleteHeader(headers, "ETag");
  startResponse(status, headers);
  return mapBody(body, (chunk) => chunk, { flush: () => footer });
};

/** SPEC §10.3: turns errors before the headers into a 500 page through excInfo. */
const catchErrors: Middleware = (app) => async (environ, startResponse) => {
  try {
    return await app(environ, startResponse);
  } catch (error) {
    environ["tsgi.errors"].write(`app failed: ${String(error)}\n`);
    startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], error);
    return [text("Internal Server Error\n")];
  }
};

describe("validate() lets conforming apps and servers pass silently", () => {
  it("passes the hello app", async () => {
    const res = await serve(validate(hello));
    expect(res.status).toBe("200 OK");
    expect(decode(res.body)).toBe("Hello, world!\n");
    expect(res.log).toEqual([]);
  });

  it("keeps an Array body an Array, so servers keep their fast path", async () => {
    const body = await validate(hello)(
      (await import("./helpers/validate-server.js")).makeEnviron().environ,
      () => {},
    );
    expect(Array.isArray(body)).toBe(true);
    await body.close?.();
  });

  it("passes an async generator body that starts the response lazily, on its first step", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        yield new Uint8Array(0);
        yield text("one ");
        yield text("two");
      })();
    const res = await serve(validate(app));
    expect(decode(res.body)).toBe("one two");
    expect(res.log).toEqual([]);
  });

  it("passes a sync generator body and keeps it synchronous", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (function* () {
        yield text("sync");
      })();
    };
    const body = await validate(app)(makeEnviron().environ, () => {});
    expect(typeof (body as Iterable<Uint8Array>)[Symbol.iterator]).toBe("function");
    const it = (body as Iterable<Uint8Array>)[Symbol.iterator]();
    expect(decode(it.next().value as Uint8Array)).toBe("sync");
    it.return?.();
    await body.close?.();
  });

  it("passes the footer middleware with validate on both sides", async () => {
    const app = validate(compose(validate(hello), modify));
    const res = await serve(app);
    expect(decode(res.body)).toBe("Hello, world!\n -- Modified by middleware");
    expect(getHeader(res.headers, "Content-Length")).toBe(String(res.body.byteLength));
    expect(res.log).toEqual([]);
  });

  it("passes a HEAD request through the footer middleware to a lazy generator, whose finally runs", async () => {
    let finalized = false;
    const lazy: App = (_environ, startResponse) =>
      (async function* () {
        try {
          startResponse("200 OK", [["Content-Type", "text/plain"]]);
          yield text("one");
          yield text("two");
        } finally {
          finalized = true;
        }
      })();
    const res = await serve(validate(compose(validate(lazy), modify)), { method: "HEAD" });
    expect(res.status).toBe("200 OK");
    expect(res.body.byteLength).toBe(0);
    expect(res.log).toEqual([]);
    expect(finalized).toBe(true);
  });

  it("passes the excInfo error handler, which answers 500 without leaking the message", async () => {
    const failing: App = () => {
      throw new Error("secret database password");
    };
    const res = await serve(validate(compose(validate(failing), catchErrors)));
    expect(res.status).toBe("500 Internal Server Error");
    expect(decode(res.body)).toBe("Internal Server Error\n");
    expect(res.log.join("")).toContain("app failed: Error: secret database password");
    expect(res.log.join("")).not.toContain("tsgi.validate");
  });

  it("streams: hands each chunk to the server before the app produces the next", async () => {
    const events: string[] = [];
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        events.push("app yields 1");
        yield text("1");
        events.push("app yields 2");
        yield text("2");
      })();
    const body = await validate(app)(makeEnviron().environ, () => {});
    for await (const chunk of body as AsyncIterable<Uint8Array>) events.push(`server got ${decode(chunk)}`);
    await body.close?.();
    expect(events).toEqual(["app yields 1", "server got 1", "app yields 2", "server got 2"]);
  });

  it("passes close() through to the app's body exactly once", async () => {
    let closed = 0;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([text("x")], { close: () => void closed++ });
    };
    const res = await serve(validate(validate(app)));
    expect(res.closeCalls).toBe(1);
    expect(closed).toBe(1);
  });

  it("waits for an async close() of the app's body", async () => {
    const order: string[] = [];
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([text("x")], {
        close: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          order.push("app closed");
        },
      });
    };
    await serve(validate(app));
    order.push("server done");
    expect(order).toEqual(["app closed", "server done"]);
  });
});

describe("validate() in report mode", () => {
  it("writes each violation to tsgi.errors and does not throw", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Connection", "close"]]);
      return ["not bytes" as unknown as Uint8Array];
    };
    const { environ, log } = makeEnviron();
    // The validator only reports; the server then refuses the chunk, as @tsgi/server would.
    await expect(serve(validate(app, { mode: "report" }), {}, environ, log)).rejects.toThrow(/chunks must be Uint8Array/);
    expect(log).toEqual([
      "tsgi.validate: [headers.hop-by-hop] Connection is a hop-by-hop header: the server owns the connection\n",
      "tsgi.validate: [body.chunk-type] every chunk must be a Uint8Array, got \"not bytes\" at index 0\n",
    ]);
  });

  it("rejects an unknown mode at construction", () => {
    expect(() => validate(hello, { mode: "warn" as never })).toThrow(TypeError);
  });
});

describe("RULES and SPEC.md", () => {
  const spec = readFileSync(join(root, "SPEC.md"), "utf8");
  const specIds = new Set([...spec.matchAll(/\[([a-z0-9]+(?:[.-][a-z0-9]+)+)\]/g)].map((m) => m[1]!));

  it("has every rule id of SPEC.md in RULES", () => {
    expect([...specIds].filter((id) => !(id in RULES))).toEqual([]);
  });

  it("has every id of RULES in SPEC.md, in the section RULES names", () => {
    expect(Object.keys(RULES).filter((id) => !specIds.has(id))).toEqual([]);
    const misplaced: string[] = [];
    let section = "";
    for (const line of spec.split("\n")) {
      const heading = /^#{2,3} (§[\d.]+)/.exec(line);
      if (heading) section = heading[1]!;
      const defined = /^- \*\*\[([^\]]+)\]\*\*/.exec(line);
      if (defined && RULES[defined[1]!]?.section !== section) misplaced.push(`${defined[1]} in ${section}`);
    }
    expect(misplaced).toEqual([]);
  });

  it("defines each rule once in SPEC.md with its level", () => {
    // A definition is a list item: its first line and the indented lines after it.
    const items = spec.split(/\n(?=\S)/);
    for (const [id, rule] of Object.entries(RULES)) {
      const definitions = items.filter((item) => item.startsWith(`- **[${id}]**`));
      expect(definitions, id).toHaveLength(1);
      expect(definitions[0], id).toContain(rule.level);
      expect(definitions[0]!.includes("*(not checked"), id).toBe(!rule.checked);
    }
  });

  it("has a test naming every rule validate() checks", () => {
    const tests = readdirSync(join(root, "test"))
      .filter((f) => f.startsWith("validate-"))
      .map((f) => readFileSync(join(root, "test", f), "utf8"))
      .join("\n");
    const untested = Object.entries(RULES)
      .filter(([id, rule]) => rule.checked && !tests.includes(`[${id}]`) && !tests.includes(`"${id}"`))
      .map(([id]) => id);
    expect(untested).toEqual([]);
  });

  it("maps every PEP 3333 rule and every wsgiref.validate check in COVERAGE.md to rule ids that exist", () => {
    const coverage = readFileSync(join(root, "COVERAGE.md"), "utf8");
    const rows = [...coverage.matchAll(/^\| ([VLN]?\d+) \| [^|]+ \| ([^|]+) \|/gm)];
    const numbers = rows.map((m) => m[1]!);
    for (let i = 1; i <= 97; i++) expect(numbers, `PEP rule ${i}`).toContain(String(i));
    for (let i = 1; i <= 42; i++) expect(numbers, `V${i}`).toContain(`V${i}`);
    const unknown = rows.flatMap((m) =>
      m[2]!.split(",").map((id) => id.trim()).filter((id) => /^[a-z]+(-[a-z]+)*\.[a-z0-9-]+$/.test(id) && !(id in RULES)),
    );
    expect(unknown).toEqual([]);
  });

  it("gives each SpecViolation the section of its rule", () => {
    const violation = new SpecViolation("headers.status", "x");
    expect(violation.section).toBe(RULES["headers.status"]!.section);
    expect(violation.message).toBe("[headers.status] x");
  });
});

describe("validate() in report mode keeps the response going", () => {
  it("hands a wrongly typed body to the server unclosed after reporting it", async () => {
    let closed = 0;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign(text("raw bytes"), { close: () => void closed++ }) as never;
    };
    const { environ, log } = makeEnviron();
    const body = await validate(app, { mode: "report" })(environ, () => {});
    expect(log.join("")).toContain("tsgi.validate: [app.body-type]");
    expect(closed).toBe(0);
    await body.close?.();
    expect(closed).toBe(1);
  });
});
