import { describe, expect, it } from "vitest";
import { validate, type App, type Body } from "../src/index.js";
import { makeEnviron, text } from "./helpers/validate-server.js";

/** A stream parked on data that does not come: its next() settles only when `release()` is called. */
function parkedStream(): { body: AsyncIterableIterator<Uint8Array> & { close(): void }; log: string[]; release(): void } {
  const log: string[] = [];
  let release = (): void => {};
  let sent = false;
  const body = {
    [Symbol.asyncIterator]() {
      return this;
    },
    next(): Promise<IteratorResult<Uint8Array>> {
      if (!sent) {
        sent = true;
        return Promise.resolve({ done: false, value: text("first") });
      }
      log.push("next pending");
      return new Promise((resolve) => (release = () => resolve({ done: true, value: undefined })));
    },
    return(): Promise<IteratorResult<Uint8Array>> {
      log.push("return");
      release();
      return Promise.resolve({ done: true, value: undefined });
    },
    close(): void {
      log.push("close");
    },
  };
  return { body, log, release: () => release() };
}

function serving(body: Body): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return body;
  };
}

describe("[body.return-pending]: a server may call return() while next() is pending", () => {
  it("passes the disconnect order @tsgi/server uses: return() not awaited, close() right after", async () => {
    const { body, log } = parkedStream();
    const { environ, log: written } = makeEnviron();
    const validated = await validate(serving(body))(environ, () => {});
    const it = (validated as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    void it.return?.();
    await validated.close?.();
    await pending;
    expect(log).toEqual(["next pending", "return", "close"]);
    expect(written.join("")).not.toMatch(/SpecViolation|body\./);
  });

  it("reaches an async generator's finally only once its pending await settles (why urgent cleanup goes in close())", async () => {
    const log: string[] = [];
    let wake = (): void => {};
    async function* generator(): AsyncGenerator<Uint8Array> {
      try {
        yield text("first");
        await new Promise<void>((resolve) => (wake = resolve));
        yield text("never sent");
      } finally {
        log.push("finally");
      }
    }
    const body = Object.assign(generator(), { close: () => void log.push("close") });
    const validated = await validate(serving(body))(makeEnviron().environ, () => {});
    const it = (validated as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    const returned = it.return?.();
    await validated.close?.();
    expect(log).toEqual(["close"]);
    wake();
    await pending;
    await returned;
    expect(log).toEqual(["close", "finally"]);
  });
});
