import { SpecViolation, readBody, type App } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { testClient, type RequestOptions } from "../src/index.js";
import { textApp, utf8 } from "./helpers.js";

const hopByHop = textApp("hi", [["Connection", "close"]]);

/** Reads the whole request body, then answers: exercises tsgi.input under the validator. */
const readingApp: App = async (environ, startResponse) => {
  const body = await readBody(environ);
  startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

describe("validation of every request", () => {
  it.each<[string, string, RequestOptions]>([
    ["a plain GET", "/", {}],
    ["a query and Unicode path", "/café/ü?x=1", { query: { y: "é" } }],
    ["a mounted app", "/app/x", { scriptName: "/app" }],
    ["a JSON body", "/", { json: { a: 1 } }],
    ["a multipart upload", "/", { multipart: { f: new File(["data"], "f.txt") } }],
    ["a chunked stream", "/", { body: (async function* () { yield utf8.encode("s"); })() }],
    ["repeated headers and cookies", "/", { headers: { accept: ["a", "b"], cookie: ["a=1", "b=2"] } }],
    ["an https absolute URL", "https://example.com:8443/x", {}],
  ])("builds a spec-valid environ for %s", async (_name, path, options) => {
    const response = await testClient(readingApp).post(path, options);
    expect(response.status).toBe(200);
    expect(response.errors).toBe("");
  });

  it("makes the client throw the SpecViolation naming the rule a broken app breaks", async () => {
    const error = await testClient(hopByHop).get("/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecViolation);
    expect((error as SpecViolation).rule).toBe("headers.hop-by-hop");
  });

  it("throws a SpecViolation even with catchErrors, instead of turning it into a 500", async () => {
    await expect(testClient(hopByHop, { catchErrors: true }).get("/")).rejects.toBeInstanceOf(SpecViolation);
  });

  it("reports to response.errors and carries on in report mode", async () => {
    const negativeRead: App = async (environ, startResponse) => {
      await environ["tsgi.input"].read(-1);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [utf8.encode("ok")];
    };
    const response = await testClient(negativeRead, { validateMode: "report" }).get("/");
    expect(response.status).toBe(200);
    expect(response.errors).toContain("[input.size-arg]");
  });

  it("refuses a header @tsgi/server refuses, inside the app's startResponse call, with validate: false", async () => {
    let thrown: unknown;
    const app: App = (_environ, startResponse) => {
      try {
        startResponse("200 OK", [["Bad Header", "x"]]);
      } catch (error) {
        thrown = error;
        throw error;
      }
      return [];
    };
    await expect(testClient(app, { validate: false }).get("/")).rejects.toThrow(/invalid response header name/);
    expect(thrown).toBeInstanceOf(TypeError);
    await expect(testClient(hopByHop, { validate: false }).get("/")).rejects.toThrow(/hop-by-hop/);
  });

  it("catches a string chunk, which is not bytes", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return ["text" as unknown as Uint8Array];
    };
    await expect(testClient(app).get("/")).rejects.toMatchObject({ rule: "body.chunk-type" });
    await expect(testClient(app, { validate: false }).get("/")).rejects.toThrow(/chunks must be Uint8Array/);
  });

  it("catches a body longer than its Content-Length", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "1"]]);
      return [utf8.encode("too long")];
    };
    await expect(testClient(app).get("/")).rejects.toBeInstanceOf(SpecViolation);
  });

  it("rejects an unknown validateMode when the client is made", () => {
    expect(() => testClient(hopByHop, { validateMode: "loud" as "throw" })).toThrow(/validateMode/);
  });
});
