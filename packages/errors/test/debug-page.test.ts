import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testClient } from "@tsgi/testing";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { createError, errors } from "../src/index.js";
import { serveWithCli } from "./cli.js";
import { throwing } from "./helpers.js";

const html = { headers: { Accept: "text/html" } };

describe("the development page (debug: true)", () => {
  it("shows the error chain: causes and an AggregateError's errors", async () => {
    const error = new Error("checkout failed", {
      cause: new AggregateError([new TypeError("card declined"), "gateway said no"], "two payment attempts failed"),
    });
    const text = (await testClient(errors(throwing(error), { debug: true })).get("/", html)).text();
    expect(text).toContain("<h2>Error: checkout failed</h2>");
    expect(text).toContain("<h2>cause: AggregateError: two payment attempts failed</h2>");
    expect(text).toContain("<h2>errors[0]: TypeError: card declined</h2>");
    expect(text).toContain("errors[1]: thrown value: a string: &quot;gateway said no&quot;");
  });

  it("shows source lines around each frame of this test file", async () => {
    const text = (await testClient(errors(throwing(new Error("context please")), { debug: true })).get("/", html)).text();
    expect(text).toMatch(/debug-page\.test\.ts:\d+:\d+/);
    expect(text).toContain('<span class="here">');
    expect(text).toContain("context please");
  });

  it("masks secrets in the environ and escapes every value", async () => {
    const response = await testClient(errors(throwing(new Error("x")), { debug: true })).get("/", {
      headers: {
        Accept: "text/html",
        Authorization: "Bearer top-secret-1",
        Cookie: "session=top-secret-2",
        "Proxy-Authorization": "Basic top-secret-3",
        "X-Api-Key": "top-secret-4",
        "X-Csrf-Token": "top-secret-5",
        "X-Visible": "<i>shown</i>",
      },
      environ: (environ) => {
        environ["app.db_password"] = "top-secret-6";
        environ["app.SECRET"] = "top-secret-7";
        environ["app.note"] = "<b>bold</b>";
      },
    });
    const text = response.text();
    // (The page also shows this test's own source around the frame; only the environ table matters here.)
    expect(text).not.toMatch(/<td>[^<]*top-secret/);
    expect(text).toContain("<td>HTTP_AUTHORIZATION</td><td>[masked]</td>");
    expect(text).toContain("<td>HTTP_X_VISIBLE</td><td>&lt;i&gt;shown&lt;/i&gt;</td>");
    expect(text).toContain("<td>app.note</td><td>&lt;b&gt;bold&lt;/b&gt;</td>");
  });

  it("shows the chain in JSON and text too", async () => {
    const app = errors(throwing(new Error("outer", { cause: new Error("inner") })), { debug: true });
    const json = (await testClient(app).get("/", { headers: { Accept: "application/json" } })).json<{ detail: string; errors: { message: string }[] }>();
    expect(json.detail).toBe("outer");
    expect(json.errors.map((e) => e.message)).toEqual(["outer", "inner"]);
    const text = (await testClient(app).get("/")).text();
    expect(text).toContain("cause: Error: inner");
  });

  it("is off by default, and refuses a debug option that is not a boolean", async () => {
    const text = (await testClient(errors(throwing(new Error("private")))).get("/", html)).text();
    expect(text).not.toContain("private");
    expect(text).not.toContain("Environ");
    expect(() => errors(throwing(1), { debug: "false" as unknown as boolean })).toThrow(/options\.debug/);
  });

  it("stays off when NODE_ENV says development", async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = "development";
    try {
      const text = (await testClient(errors(throwing(new Error("private")))).get("/", html)).text();
      expect(text).not.toContain("private");
      expect(text).not.toContain("Environ");
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it("shows the message of an unexposed 5xx HttpError", async () => {
    const text = (await testClient(errors(throwing(createError(502, "upstream timeout")), { debug: true })).get("/", html)).text();
    expect(text).toContain("upstream timeout");
  });
});

describe("source maps", () => {
  const dir = mkdtempSync(join(tmpdir(), "tsgi-errors-map-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const source = [
    "interface Cart { items: number }",
    "",
    "export function checkout(cart: Cart): number {",
    "  if (cart.items === 0) {",
    '    throw new Error("empty cart");',
    "  }",
    "  return cart.items;",
    "}",
    "",
  ].join("\n");

  /** Compiles `source` to dist/cart.js with a map (inline or beside it) and fakes a stack pointing at the throw. */
  function compiled(inline: boolean): Error {
    const out = ts.transpileModule(source, {
      fileName: join(dir, "src", "cart.ts"),
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: !inline, inlineSourceMap: inline, inlineSources: inline },
    });
    const name = inline ? "cart-inline.js" : "cart.js";
    let code = out.outputText;
    if (!inline) {
      code = code.replace(/\/\/# sourceMappingURL=.*$/m, "//# sourceMappingURL=cart.js.map");
      const map = JSON.parse(out.sourceMapText!) as { sources: string[] };
      map.sources = ["../src/cart.ts"];
      writeFileSync(join(dir, "dist", "cart.js.map"), JSON.stringify(map));
    }
    writeFileSync(join(dir, "dist", name), code);
    const lines = code.split("\n");
    const line = lines.findIndex((l) => l.includes("throw new Error")) + 1;
    const column = lines[line - 1]!.indexOf("throw") + 1;
    const error = new Error("empty cart");
    error.stack = `Error: empty cart\n    at checkout (${join(dir, "dist", name)}:${line}:${column})\n    at node:internal/process/task_queues:95:5`;
    return error;
  }

  it("maps a compiled frame to its TypeScript line through a .map file and shows the .ts source", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "src"), { recursive: true });
    mkdirSync(join(dir, "dist"), { recursive: true });
    writeFileSync(join(dir, "src", "cart.ts"), source);
    const text = (await testClient(errors(throwing(compiled(false)), { debug: true })).get("/", html)).text();
    expect(text).toContain(`at checkout (${join(dir, "src", "cart.ts")}:5:5) <small>(source map)</small>`);
    expect(text).toContain('<span class="here">    5      throw new Error(&quot;empty cart&quot;);</span>');
    expect(text).toContain("export function checkout(cart: Cart): number {");
  });

  it("maps through an inline source map with embedded sources", async () => {
    const text = (await testClient(errors(throwing(compiled(true)), { debug: true })).get("/", html)).text();
    expect(text).toMatch(/cart\.ts:5:5\) <small>\(source map\)<\/small>/);
    // The .ts file is not where the inline map says; its embedded sourcesContent is shown.
    expect(text).toContain("export function checkout(cart: Cart): number {");
  });
});

describe("a real .ts app served by tsgi serve", () => {
  it("shows the TypeScript line of the throw, with its source, in the debug page", async () => {
    const server = await serveWithCli(new URL("./fixtures/debug-app.ts", import.meta.url).pathname + ":app");
    try {
      const response = await fetch(`${server.url}/orders?3`, { headers: { Accept: "text/html" } });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).toContain("RangeError: order 3 has a negative total &lt;-1&gt;");
      expect(text).toMatch(/at priceOf \([^)]*test\/fixtures\/debug-app\.ts:12:\d+\)/);
      expect(text).toMatch(/<span class="here">\s+12\s+if \(order\.total &lt; 0\) throw new RangeError/);
      expect(text).toContain("function priceOf(order: Order): number {");
    } finally {
      await server.stop();
    }
  });
});
