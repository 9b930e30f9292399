import { callApp, concat, respond, shiftPathInfo, transformBody, type Chunk, type Middleware } from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { SCENARIO_NAMES, assertMiddleware, checkMiddleware } from "../src/conformance.js";

/** Holds back up to `limit` bytes, then passes them on in one chunk (a buffering transform). */
const bufferUpTo = (limit: number): Middleware => (app) => async (environ, startResponse) => {
  const { status, headers, body } = await callApp(app, environ, { onLateStart: startResponse });
  let held: Chunk[] = [];
  let size = 0;
  const release = (): Chunk[] => {
    const out = [concat(held, size)];
    held = [];
    size = 0;
    return out;
  };
  return respond(startResponse, status, headers, transformBody(body, {
    transform: (chunk) => {
      held.push(chunk);
      size += chunk.byteLength;
      return size >= limit ? release() : undefined;
    },
    flush: () => (size > 0 ? release() : undefined),
  }));
};

const forbidden: Middleware = () => (_environ, startResponse) => {
  startResponse("403 Forbidden", [["Content-Type", "text/plain"], ["Content-Length", "9"]]);
  return [new TextEncoder().encode("forbidden")];
};

const mount: Middleware = (app) => (environ, startResponse) => {
  shiftPathInfo(environ);
  return app(environ, startResponse);
};

const rewrite: Middleware = (app) => (environ, startResponse) => {
  environ.PATH_INFO = environ.PATH_INFO.replace(/^\/old\b/, "/new");
  return app(environ, startResponse);
};

describe("the conformance kit's options", () => {
  it("buffersUpTo lets a middleware hold back that many bytes, and no more", async () => {
    const strict = await checkMiddleware(bufferUpTo(4096));
    expect(strict.failures.map((f) => f.rule)).toEqual(["middleware.streaming"]);
    await assertMiddleware(bufferUpTo(4096), { buffersUpTo: 4096 });
    const tooMuch = await checkMiddleware(bufferUpTo(16_384), { buffersUpTo: 4096 });
    expect(tooMuch.failures.map((f) => f.rule)).toEqual(["middleware.streaming"]);
  });

  it("answersItself: a middleware that never calls the inner app passes only when it says so", async () => {
    const undeclared = await checkMiddleware(forbidden);
    expect(undeclared.passed).toBe(false);
    expect(undeclared.failures.every((f) => f.check.endsWith("reaches the inner app") && f.rule === undefined)).toBe(true);
    await assertMiddleware(forbidden, { answersItself: true });
  });

  it("rewritesPath: a rewriter passes only when it says so; a mount needs no option", async () => {
    const undeclared = await checkMiddleware(rewrite, { path: "/old/items" });
    expect(new Set(undeclared.failures.map((f) => f.rule))).toEqual(new Set(["middleware.environ"]));
    await assertMiddleware(rewrite, { path: "/old/items", rewritesPath: true });
    await assertMiddleware(mount, { path: "/api/items" });
  });

  it("skip leaves scenarios out by name", async () => {
    const result = await checkMiddleware(bufferUpTo(4096), { skip: ["slow-endless-stream"] });
    expect(result.passed).toBe(true);
    expect(SCENARIO_NAMES).toContain("slow-endless-stream");
  });
});
