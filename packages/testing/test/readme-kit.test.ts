// footer.test.ts
import { callApp, deleteHeader, getHeader, mapBody, respond, setHeader, statusHasNoBody, type HeaderList, type Middleware } from "@tsgi/core";
import { assertMiddleware, checkMiddleware } from "@tsgi/testing/conformance";
import { expect, it } from "vitest";

const tail = new TextEncoder().encode("-- footer\n");
const grow = (headers: HeaderList): HeaderList => {
  const length = getHeader(headers, "Content-Length");
  if (length !== undefined) setHeader(headers, "Content-Length", String(Number(length) + tail.byteLength));
  deleteHeader(headers, "ETag");
  return headers;
};

const footer: Middleware = (app) => async (environ, startResponse) => {
  const { status, code, headers, body } = await callApp(app, environ, {
    onLateStart: (s, h, excInfo) => startResponse(s, grow(h), excInfo),
  });
  if (statusHasNoBody(code) || code === 206) return respond(startResponse, status, headers, body);
  return respond(startResponse, status, grow(headers), mapBody(body, (chunk) => chunk, { flush: () => tail }));
};

it("passes the middleware conformance kit", async () => {
  // It changes the bytes by design: the kit then checks Content-Length and ETag instead of the bytes.
  await assertMiddleware(footer, { changesBody: true });
});

it("names the rule a broken middleware breaks", async () => {
  // Wraps the body in a generator and forgets the inner body's close().
  const leaky: Middleware = (app) => async (environ, startResponse) => {
    const body = await app(environ, startResponse);
    return (async function* () {
      yield* body as AsyncIterable<Uint8Array>;
    })();
  };
  const { passed, failures } = await checkMiddleware(leaky);
  expect(passed).toBe(false);
  expect(failures.map((f) => f.rule)).toContain("middleware.close");
});
