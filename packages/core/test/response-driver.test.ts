import { describe, expect, it } from "vitest";
import {
  ContentLengthError,
  createStartResponse,
  mapBody,
  MISSING_START_RESPONSE,
  ResponseBody,
  type Body,
  type BodyStep,
  type MaybePromise,
} from "../src/index.js";

const enc = new TextEncoder();
const bytes = (text: string): Uint8Array => enc.encode(text);
const excInfo = new Error("the app failed");
const never = (): boolean => false;

/** Drives a body the way a server does after its headers: next() until the end. */
async function drain(body: ResponseBody): Promise<string> {
  let text = "";
  for (let step = await body.next(); step !== undefined; step = await body.next()) text += new TextDecoder().decode(step);
  return text;
}

function closeCounting<T extends object>(body: T): T & { closes: number; close(): void } {
  return Object.assign(body, {
    closes: 0,
    close(this: { closes: number }) {
      this.closes++;
    },
  });
}

describe("ResponseStart", () => {
  it("keeps the status and headers of the first call", () => {
    const start = createStartResponse();
    start.startResponse("200 OK", [["Content-Type", "text/plain"]]);
    expect(start.head).toEqual({ status: "200 OK", headers: [["Content-Type", "text/plain"]] });
  });

  it("refuses a second call without excInfo (SPEC §5.4)", () => {
    const start = createStartResponse();
    start.startResponse("200 OK", []);
    expect(() => start.startResponse("500 Internal Server Error", [])).toThrow(/second time without excInfo/);
    expect(start.head?.status).toBe("200 OK");
  });

  it("lets a call with excInfo replace the head before it is sent", () => {
    const start = createStartResponse();
    start.startResponse("200 OK", []);
    start.startResponse("500 Internal Server Error", [], excInfo);
    expect(start.head?.status).toBe("500 Internal Server Error");
  });

  it("re-throws excInfo once the head is marked sent", () => {
    const start = createStartResponse();
    start.startResponse("200 OK", []);
    start.markSent();
    expect(() => start.startResponse("500 Internal Server Error", [], excInfo)).toThrow(excInfo);
    expect(start.head?.status).toBe("200 OK");
  });

  it("throws accept's refusal into the app's call and keeps no head", () => {
    const start = createStartResponse((status) => {
      if (!/^\d{3} /.test(status)) throw new TypeError(`bad status ${status}`);
      return status;
    });
    expect(() => start.startResponse("OK", [])).toThrow(/bad status OK/);
    expect(start.head).toBeUndefined();
  });
});

describe("ResponseBody.first", () => {
  it("drives an Array body without a promise", () => {
    const start = createStartResponse();
    start.startResponse("200 OK", []);
    const body = new ResponseBody([new Uint8Array(0), bytes("a"), bytes("b")]);
    const first = body.first(start, never);
    expect(first).toEqual(bytes("a"));
    expect(body.next()).toEqual(bytes("b"));
    expect(body.next()).toBeUndefined();
  });

  it("skips empty chunks of an async body and finds a startResponse called lazily", async () => {
    const start = createStartResponse();
    const body = new ResponseBody(
      (async function* () {
        yield new Uint8Array(0);
        start.startResponse("200 OK", []);
        yield bytes("late");
      })(),
    );
    await expect(body.first(start, never)).resolves.toEqual(bytes("late"));
  });

  it.each<[string, () => Body]>([
    ["yields bytes", () => [bytes("x")]],
    ["ends", () => []],
    [
      "ends, asynchronously",
      () =>
        (async function* () {
          /* nothing */
        })(),
    ],
  ])("throws when the body %s before startResponse (SPEC §5.5)", async (_what, make) => {
    const body = new ResponseBody(make());
    await expect(async () => body.first(createStartResponse(), never)).rejects.toThrow(MISSING_START_RESPONSE);
  });

  it("does not pull a body the response does not carry (HEAD, 204, 304)", async () => {
    let pulled = 0;
    const start = createStartResponse();
    start.startResponse("204 No Content", []);
    const body = new ResponseBody(
      (function* () {
        pulled++;
        yield bytes("never sent");
      })(),
    );
    expect(body.first(start, (head) => head.status.startsWith("204"))).toBeUndefined();
    expect(pulled).toBe(0);
  });

  it("resolves undefined, not a missing-startResponse error, when finished while the first chunk was pending", async () => {
    let release: (step: IteratorResult<Uint8Array>) => void = () => {};
    const body = new ResponseBody({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>((resolve) => (release = resolve)),
        return: () => Promise.resolve({ done: true as const, value: undefined }),
      }),
    });
    const first = body.first(createStartResponse(), never);
    await body.finish(() => {});
    release({ done: false, value: bytes("late") });
    await expect(first).resolves.toBeUndefined();
  });
});

describe("ResponseBody.next", () => {
  it.each<[string, Body, string]>([
    ["a string", "text" as unknown as Body, "expected an iterable of Uint8Array chunks"],
    ["null", null as unknown as Body, "expected an iterable of Uint8Array chunks"],
    ["a chunk that is a string", ["text"] as unknown as Body, 'yielded "text"; chunks must be Uint8Array'],
  ])("refuses %s with a TypeError that says what it got", (_what, given, message) => {
    const body = new ResponseBody(given);
    expect(() => body.next()).toThrow(TypeError);
    expect(() => new ResponseBody(given).next()).toThrow(message);
  });

  it("stops at the Content-Length and hands over the part of the chunk that fits", () => {
    const body = new ResponseBody([bytes("abc"), bytes("defg")]);
    body.expectLength(5);
    expect(body.next()).toEqual(bytes("abc"));
    let error: unknown;
    try {
      body.next();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContentLengthError);
    expect((error as ContentLengthError).fits).toEqual(bytes("de"));
    expect((error as Error).message).toMatch(/longer than the 5 bytes of its Content-Length/);
  });

  it("counts the first chunk through admit() and fails a body that ends short", async () => {
    const body = new ResponseBody(
      (async function* () {
        yield bytes("ab");
        yield bytes("c");
      })(),
    );
    const start = createStartResponse();
    start.startResponse("200 OK", [["Content-Length", "10"]]);
    const first = (await body.first(start, never))!;
    body.expectLength(10);
    body.admit(first);
    await expect(drain(body)).rejects.toThrow(/ended after 3 of the 10 bytes/);
  });

  function emptyRun(seen: { timerRan: boolean; sawTimer: boolean }): Generator<Uint8Array> {
    return (function* () {
      for (let i = 0; i < 5000; i++) yield new Uint8Array(0);
      seen.sawTimer = seen.timerRan;
      yield bytes("end");
    })();
  }

  it.each<[string, (seen: { timerRan: boolean; sawTimer: boolean }) => Body]>([
    ["a sync", emptyRun],
    [
      "an async",
      (seen) =>
        (async function* () {
          yield* emptyRun(seen);
        })(),
    ],
  ])("gives the event loop a turn during a long run of empty chunks from %s body", async (_kind, make) => {
    const seen = { timerRan: false, sawTimer: false };
    setTimeout(() => (seen.timerRan = true), 0);
    await expect(new ResponseBody(make(seen)).next()).resolves.toEqual(bytes("end"));
    expect(seen.sawTimer).toBe(true);
  });
});

describe("ResponseBody.finish", () => {
  it("returns an unfinished generator (its finally runs) before close(), once", async () => {
    const order: string[] = [];
    const generator = (function* () {
      try {
        yield bytes("a");
        yield bytes("b");
      } finally {
        order.push("finally");
      }
    })();
    const body = new ResponseBody(Object.assign(generator, { close: () => void order.push("close") }));
    body.next();
    const errors: unknown[] = [];
    await body.finish((error) => errors.push(error));
    await body.finish((error) => errors.push(error));
    expect(order).toEqual(["finally", "close"]);
    expect(errors).toEqual([]);
  });

  it("ends a mapBody Array with nothing to close at once (no promise for the server to hold a graceful close on)", () => {
    const driver = new ResponseBody(mapBody([bytes("a")], (chunk) => chunk, { flush: () => bytes("b") }));
    expect(driver.pull()).toEqual(bytes("a"));
    expect(driver.finish(() => {})).toBeUndefined();
  });

  it("still waits for a mapBody Array's inner close()", async () => {
    const order: string[] = [];
    const inner = Object.assign([bytes("a")], { close: async () => void order.push("inner closed") });
    const closing = new ResponseBody(mapBody(inner, (chunk) => chunk)).finish(() => {});
    expect(closing).toBeInstanceOf(Promise);
    await closing;
    expect(order).toEqual(["inner closed"]);
  });

  it("with returnFirst, lets an async return() settle before close() when no next() is pending", async () => {
    const order: string[] = [];
    const driver = new ResponseBody({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: false as const, value: bytes("a") }),
        // An async generator's return() settles only after its finally ran, a few microtasks later.
        return: async () => {
          await Promise.resolve();
          order.push("return settled");
          return { done: true as const, value: undefined };
        },
      }),
      close: () => void order.push("close"),
    });
    await driver.next();
    await driver.finish(() => {}, { returnFirst: true });
    expect(order).toEqual(["return settled", "close"]);
  });

  it("with returnFirst, still closes at once while a next() is pending", async () => {
    const body = closeCounting({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
      }),
    });
    const driver = new ResponseBody(body);
    void driver.next();
    await driver.finish(() => {}, { returnFirst: true });
    expect(body.closes).toBe(1);
  });

  it("does not call return() on an iterator that ended or threw", async () => {
    let returns = 0;
    const iterable = (steps: Array<() => IteratorResult<Uint8Array>>) => ({
      [Symbol.iterator]: () => ({
        next: () => steps.shift()!(),
        return: () => (returns++, { done: true as const, value: undefined }),
      }),
    });
    const ended = new ResponseBody(iterable([() => ({ done: true, value: undefined })]));
    expect(ended.next()).toBeUndefined();
    await ended.finish(() => {});
    const threw = new ResponseBody(
      iterable([
        () => {
          throw new Error("broken");
        },
      ]),
    );
    expect(() => threw.next()).toThrow("broken");
    await threw.finish(() => {});
    expect(returns).toBe(0);
  });

  it("closes at once while a next() is pending, without waiting for it", async () => {
    const body = closeCounting({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: () => Promise.resolve({ done: true as const, value: undefined }),
      }),
    });
    const driver = new ResponseBody(body);
    const pending: MaybePromise<BodyStep> = driver.next();
    expect(driver.pulling).toBe(true);
    await driver.finish(() => {});
    expect(body.closes).toBe(1);
    expect(driver.finished).toBe(true);
    expect(pending).toBeInstanceOf(Promise);
  });

  it("hands close() and return() failures to onError and never throws", async () => {
    const errors: Array<[string, string]> = [];
    const body = Object.assign(
      (async function* () {
        try {
          yield bytes("a");
          yield bytes("b");
        } finally {
          // eslint-disable-next-line no-unsafe-finally -- a broken body, on purpose
          throw new Error("return failed");
        }
      })(),
      {
        close: () => Promise.reject(new Error("close failed")),
      },
    );
    const driver = new ResponseBody(body);
    await driver.next();
    await driver.finish((error, during) => errors.push([during, (error as Error).message]));
    await driver.returning;
    expect(errors).toEqual(
      expect.arrayContaining([
        ["close", "close failed"],
        ["return", "return failed"],
      ]),
    );
  });
});
