import { describe, expect, it } from "vitest";
import {
  callApp,
  catchBody,
  mapBody,
  onBodyEnd,
  transformBody,
  validate,
  type App,
  type Body,
  type Chunk,
  type Middleware,
} from "../src/index.js";
import { makeEnviron } from "./helpers/validate-server.js";

const enc = new TextEncoder();

/** An endless, slow-ish async generator body that records its finally and close. */
function endlessApp(record: string[]): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    const body = (async function* () {
      try {
        for (let i = 0; ; i++) {
          await new Promise((r) => setTimeout(r, 1));
          yield enc.encode(`${i}\n`);
        }
      } finally {
        record.push("finally");
      }
    })();
    return Object.assign(body, { close: () => void record.push("close") });
  };
}

const wrappers: [string, Middleware][] = [
  ["mapBody", (app) => async (environ, sr) => {
    const r = await callApp(app, environ);
    sr(r.status, r.headers);
    return mapBody(r.body, (c) => c);
  }],
  ["transformBody", (app) => async (environ, sr) => {
    const r = await callApp(app, environ);
    sr(r.status, r.headers);
    return transformBody(r.body, { transform: (c) => [c, c] });
  }],
  ["catchBody", (app) => async (environ, sr) => {
    const body = await app(environ, sr);
    return catchBody(body, (error) => {
      throw error;
    });
  }],
  ["onBodyEnd", (app) => async (environ, sr) => onBodyEnd(await app(environ, sr), () => {})],
  ["callApp with a lazy inner app", (app) => async (environ, sr) => {
    const lazy: App = (env, inner) => (async function* () {
      const body = await app(env, inner);
      try {
        yield* body as AsyncIterable<Chunk>;
      } finally {
        await body.close?.();
      }
    })();
    const r = await callApp(lazy, environ);
    sr(r.status, r.headers);
    return r.body;
  }],
];

describe("a server that calls return() without awaiting it, then close() (as @tsgi/server does on disconnect)", () => {
  it.each(wrappers)("%s passes return() on before the inner close(): no false [body.iterator-return]", async (_name, mw) => {
    const record: string[] = [];
    const app = validate(mw(validate(endlessApp(record))));
    const { environ } = makeEnviron();
    const body: Body = await app(environ, () => {});
    const it = (body as AsyncIterable<Chunk>)[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    void it.return?.();
    await expect(Promise.resolve(body.close?.())).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 20));
    expect(record.filter((e) => e === "close")).toEqual(["close"]);
    expect(record).toContain("finally");
  });

  it.each(wrappers)("%s: close() alone (no return()) still returns the inner iterator first", async (_name, mw) => {
    const record: string[] = [];
    // No validator outside: this caller breaks [body.iterator-return] itself; the inner one must not see it.
    const app = mw(validate(endlessApp(record)));
    const body: Body = await app(makeEnviron().environ, () => {});
    const it = (body as AsyncIterable<Chunk>)[Symbol.asyncIterator]();
    await it.next();
    await expect(Promise.resolve(body.close?.())).resolves.toBeUndefined();
    expect(record.filter((e) => e === "close")).toEqual(["close"]);
  });

  it.each(wrappers)("%s: return() while a next() is pending does not wait for it, and close() follows", async (_name, mw) => {
    const record: string[] = [];
    const app = validate(mw(validate(endlessApp(record))));
    const body: Body = await app(makeEnviron().environ, () => {});
    const it = (body as AsyncIterable<Chunk>)[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    void it.return?.();
    await expect(Promise.resolve(body.close?.())).resolves.toBeUndefined();
    await pending.catch(() => {});
    expect(record.filter((e) => e === "close")).toEqual(["close"]);
  });
});
