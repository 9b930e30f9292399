import {
  callApp,
  catchBody,
  mapBody,
  onBodyEnd,
  onClose,
  respond,
  transformBody,
  validate,
  withStartResponse,
  type Middleware,
} from "@tsgi/core";
import { describe, expect, it } from "vitest";
import { assertMiddleware, checkMiddleware } from "../src/conformance.js";
import { BROKEN } from "./fixtures/broken-middleware.js";
import { TRIAL } from "./fixtures/trial-middleware.js";

const CORE_HELPERS: [string, Middleware][] = [
  ["pass-through", (app) => app],
  ["validate (itself a middleware)", (app) => validate(app)],
  ["withStartResponse", (app) => withStartResponse(app, (_s, headers) => void headers.push(["X-Kit", "1"]))],
  ["onClose", (app) => async (environ, sr) => onClose(await app(environ, sr), () => {})],
  ["catchBody", (app) => async (environ, sr) => catchBody(await app(environ, sr), (error) => {
    throw error;
  })],
  ["onBodyEnd", (app) => async (environ, sr) => onBodyEnd(await app(environ, sr), () => {})],
  ["callApp + respond + mapBody", (app) => async (environ, sr) => {
    const { status, headers, body } = await callApp(app, environ, { onLateStart: sr });
    return respond(sr, status, headers, mapBody(body, (c) => c));
  }],
  ["callApp + respond + transformBody", (app) => async (environ, sr) => {
    const { status, headers, body } = await callApp(app, environ, { onLateStart: sr });
    return respond(sr, status, headers, transformBody(body, { transform: (c) => [c.subarray(0, 1), c.subarray(1)] }));
  }],
];

describe("the middleware conformance kit", () => {
  it.each(CORE_HELPERS)("passes core's %s", async (_name, factory) => {
    await assertMiddleware(factory);
  });

  it.each(TRIAL)("passes the trial middleware: %s", async (_name, factory, options) => {
    await assertMiddleware(factory, options);
  });

  it.each(BROKEN)("fails a middleware that %s, naming [%s]", async (_name, rule, factory, options) => {
    const result = await checkMiddleware(factory, options);
    expect(result.passed).toBe(false);
    expect(result.failures.map((f) => f.rule)).toContain(rule);
  });

  it("assertMiddleware lists every failure with its rule id", async () => {
    const [, , factory, options] = BROKEN[0]!;
    await expect(assertMiddleware(factory, options)).rejects.toThrow(/\[middleware\.close\]/);
  });
});
