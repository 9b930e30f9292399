import { describe, expect, it } from "vitest";
import type { App, Body } from "@tsgi/core";
import { toFetchHandler } from "../src/index.js";
import { closeCounter, decode, deferred, encode, recordingApp } from "./helpers.js";

const quiet = { errors: () => {} };

describe("toFetchHandler: environ from a Request", () => {
  it("builds the CGI keys from the URL, method and headers", async () => {
    const { app, seen } = recordingApp();
    const handler = toFetchHandler(app);
    await handler(
      new Request("https://example.com:8443/caf%C3%A9/x?q=%20a&b", {
        method: "POST",
        headers: { "Content-Type": "text/plain", "X-Trace": "abc", Cookie: "a=1" },
        body: "hello",
      }),
    );
    const environ = seen[0]!;
    expect(environ.REQUEST_METHOD).toBe("POST");
    expect(environ.SCRIPT_NAME).toBe("");
    expect(environ.PATH_INFO).toBe("/cafÃ©/x");
    expect(environ.QUERY_STRING).toBe("q=%20a&b");
    expect(environ.SERVER_NAME).toBe("example.com");
    expect(environ.SERVER_PORT).toBe("8443");
    expect(environ.SERVER_PROTOCOL).toBe("HTTP/1.1");
    expect(environ["tsgi.url_scheme"]).toBe("https");
    expect(environ.CONTENT_TYPE).toBe("text/plain");
    expect(environ.HTTP_X_TRACE).toBe("abc");
    expect(environ.HTTP_COOKIE).toBe("a=1");
    expect(environ.HTTP_CONTENT_TYPE).toBeUndefined();
    expect(environ.HTTP_HOST).toBe("example.com:8443");
    // The URL was re-serialised by the runtime, so it is not the target as received ([environ.raw-uri]).
    expect("tsgi.raw_uri" in environ).toBe(false);
    expect(environ.REMOTE_ADDR).toBeUndefined();
    expect(environ["fetch.request"]).toBeInstanceOf(Request);
  });

  it("uses the scheme's default port when the URL has none", async () => {
    const { app, seen } = recordingApp();
    await toFetchHandler(app)(new Request("http://example.com/"));
    expect(seen[0]!.SERVER_PORT).toBe("80");
    expect(seen[0]!["tsgi.url_scheme"]).toBe("http");
  });

  it("takes REMOTE_ADDR and extra keys from the runtime's extra handler arguments", async () => {
    const { app, seen } = recordingApp();
    const handler = toFetchHandler<[{ remoteAddr: { hostname: string } }]>(app, {
      getRemoteAddr: (_request, info) => info.remoteAddr.hostname,
      environ: (_request, info) => ({ "deno.info": info }),
    });
    const info = { remoteAddr: { hostname: "10.0.0.7" } };
    await handler(new Request("http://example.com/"), info);
    expect(seen[0]!.REMOTE_ADDR).toBe("10.0.0.7");
    expect(seen[0]!["deno.info"]).toBe(info);
  });

  it("turns header values a runtime decoded as UTF-8 back into latin-1 byte strings", async () => {
    const { app, seen } = recordingApp();
    const request = new Request("http://example.com/");
    // Node's Headers refuses characters above U+00FF, but other runtimes hand
    // out UTF-8-decoded text; this stands in for such a Request.
    Object.defineProperty(request, "headers", { value: new Map([["x-name", "€ é"]]) });
    await toFetchHandler(app)(request);
    expect(seen[0]!.HTTP_X_NAME).toBe("\xe2\x82\xac \xc3\xa9");
  });

  it("keeps latin-1 header values as the byte strings they are", async () => {
    const { app, seen } = recordingApp();
    await toFetchHandler(app)(new Request("http://example.com/", { headers: { "x-name": "caf\xe9" } }));
    expect(seen[0]!.HTTP_X_NAME).toBe("caf\xe9");
  });

  it("re-encodes every header value as UTF-8 bytes under headerEncoding utf-8 (workerd), both ways", async () => {
    const { app, seen } = recordingApp();
    const request = new Request("http://example.com/");
    // workerd decodes header bytes as UTF-8: C3 A9 arrives as "é" (U+00E9).
    Object.defineProperty(request, "headers", { value: new Map([["x-name", "é"]]) });
    const wrapped: App = (environ, startResponse) => {
      void app(environ, () => {});
      startResponse("200 OK", [["X-Back", environ.HTTP_X_NAME as string]]);
      return [];
    };
    const response = await toFetchHandler(wrapped, { headerEncoding: "utf-8" })(request);
    expect(seen[0]!.HTTP_X_NAME).toBe("\xc3\xa9");
    // ...and the latin-1 byte string goes back as the text workerd encodes to the same bytes.
    expect(response.headers.get("x-back")).toBe("é");
  });

  it("answers 400 to invalid percent-encoding that WHATWG URL lets through", async () => {
    const { app, seen } = recordingApp();
    const response = await toFetchHandler(app, quiet)(new Request("http://example.com/a%zz"));
    expect(response.status).toBe(400);
    expect(seen).toHaveLength(0);
  });
});

describe("toFetchHandler: request bodies", () => {
  it("gives a GET without a body an empty tsgi.input", async () => {
    let read: Uint8Array | undefined;
    const app: App = async (environ, startResponse) => {
      read = await environ["tsgi.input"].read();
      startResponse("200 OK", []);
      return [];
    };
    await toFetchHandler(app)(new Request("http://example.com/"));
    expect(read).toEqual(new Uint8Array(0));
  });

  it("cannot be handed a GET with a body: the Request constructor refuses it", () => {
    expect(() => new Request("http://example.com/", { method: "GET", body: "x" })).toThrow(TypeError);
  });

  it("streams a body-carrying method's body into tsgi.input, pulled as the app reads", async () => {
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          if (pulls > 3) controller.close();
          else controller.enqueue(encode(`part${pulls};`));
        },
      },
      { highWaterMark: 0 },
    );
    const pullsSeen: number[] = [];
    const app: App = async (environ, startResponse) => {
      const input = environ["tsgi.input"];
      const first = await input.read(6);
      pullsSeen.push(pulls);
      const rest = await input.read();
      startResponse("200 OK", []);
      return [first, rest];
    };
    const response = await toFetchHandler(app)(
      new Request("http://example.com/", { method: "DELETE", body: source, duplex: "half" } as RequestInit),
    );
    expect(await response.text()).toBe("part1;part2;part3;");
    // The first read(6) needed exactly one chunk from the client.
    expect(pullsSeen[0]).toBe(1);
  });
  it("fails the app's read when a request body chunk is not bytes, instead of dropping it", async () => {
    const seen = deferred<unknown>();
    const app: App = async (environ, startResponse) => {
      await environ["tsgi.input"].read().then(
        (bytes) => seen.resolve(bytes),
        (error: unknown) => seen.resolve(error),
      );
      startResponse("200 OK", []);
      return [];
    };
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(42);
        controller.close();
      },
    });
    await toFetchHandler(app)(new Request("http://example.com/", { method: "PUT", body, duplex: "half" } as RequestInit));
    expect(await seen.promise).toBeInstanceOf(TypeError);
  });
});

describe("toFetchHandler: responses", () => {
  it("passes status, reason, latin-1 values and every Set-Cookie", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("201 Made It", [
        ["Content-Type", "text/plain"],
        ["Set-Cookie", "a=1; Path=/"],
        ["Set-Cookie", "b=2, c"],
        ["X-Name", "caf\xe9"],
      ]);
      return [encode("made")];
    };
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made It");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2, c"]);
    expect(response.headers.get("x-name")).toBe("caf\xe9");
    expect(await response.text()).toBe("made");
  });

  it("streams the body one chunk per read, without running ahead of the client", async () => {
    let produced = 0;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return (async function* () {
        for (let i = 1; i <= 3; i++) {
          produced = i;
          yield encode(`chunk${i}`);
        }
      })();
    };
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    expect(decode((await reader.read()).value!)).toBe("chunk1");
    expect(produced).toBe(1);
    expect(decode((await reader.read()).value!)).toBe("chunk2");
    expect(produced).toBe(2);
    expect(decode((await reader.read()).value!)).toBe("chunk3");
    expect((await reader.read()).done).toBe(true);
  });

  it("sends headers before the app has finished its body", async () => {
    const release = deferred();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return (async function* () {
        yield encode("early");
        await release.promise;
        yield encode("late");
      })();
    };
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    expect(decode((await reader.read()).value!)).toBe("early");
    release.resolve();
    expect(decode((await reader.read()).value!)).toBe("late");
  });

  it("gives HEAD no body but keeps the app's Content-Length, and closes the body", async () => {
    const closes = closeCounter();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Length", "5"]]);
      return closes.track([encode("hello")]);
    };
    const response = await toFetchHandler(app)(new Request("http://example.com/", { method: "HEAD" }));
    expect(response.body).toBeNull();
    expect(response.headers.get("content-length")).toBe("5");
    expect(closes.count()).toBe(1);
  });

  it.each(["204 No Content", "304 Not Modified"])("sends %s with a null body and closes the app's body", async (status) => {
    const closes = closeCounter();
    const app: App = (_environ, startResponse) => {
      startResponse(status, []);
      return closes.track([encode("ignored")]);
    };
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    expect(response.body).toBeNull();
    expect(closes.count()).toBe(1);
  });

  it("lets the app start the response lazily from inside its body", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("202 Accepted", []);
        yield encode("lazy");
      })();
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("lazy");
  });

  it("lets the app replace its status with excInfo until the first chunk", async () => {
    const app: App = (_environ, startResponse) =>
      (async function* () {
        startResponse("200 OK", []);
        startResponse("503 Service Unavailable", [["Retry-After", "1"]], new Error("db down"));
        yield encode("later");
      })();
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
  });
});

describe("toFetchHandler: close() exactly once", () => {
  const cases: [string, (body: Body) => App, (response: Response) => Promise<unknown>][] = [
    ["the body ends", (body) => (_e, sr) => (sr("200 OK", []), body), (r) => r.text()],
    [
      "the client cancels the stream",
      (body) => (_e, sr) => (sr("200 OK", []), body),
      async (r) => {
        const reader = r.body!.getReader();
        await reader.read();
        await reader.cancel();
      },
    ],
  ];
  it.each(cases)("when %s", async (_name, makeApp, consume) => {
    const closes = closeCounter();
    const body = closes.track(
      (async function* () {
        yield encode("a");
        yield encode("b");
      })(),
    );
    const response = await toFetchHandler(makeApp(body))(new Request("http://example.com/"));
    await consume(response);
    expect(closes.count()).toBe(1);
  });

  it("when the app fails mid-body, and the stream errors instead of ending", async () => {
    const closes = closeCounter();
    const logged: string[] = [];
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return closes.track(
        (async function* () {
          yield encode("a");
          throw new Error("boom mid-body");
        })(),
      );
    };
    const response = await toFetchHandler(app, { errors: (t) => logged.push(t) })(new Request("http://example.com/"));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow("boom mid-body");
    expect(closes.count()).toBe(1);
    expect(logged.join("")).toContain("boom mid-body");
  });

  it("when request.signal aborts mid-stream, for runtimes that do not cancel the stream", async () => {
    const closes = closeCounter();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return closes.track(
        (async function* () {
          for (;;) yield encode("tick");
        })(),
      );
    };
    const abort = new AbortController();
    const response = await toFetchHandler(app)(new Request("http://example.com/", { signal: abort.signal }));
    await response.body!.getReader().read();
    abort.abort();
    // The generator's return() runs first (SPEC §6), then close().
    await new Promise((resolve) => setImmediate(resolve));
    expect(closes.count()).toBe(1);
  });

  it("when the client leaves before the app has started its response", async () => {
    const closes = closeCounter();
    const started = deferred();
    const proceed = deferred();
    const app: App = async (_environ, startResponse) => {
      started.resolve();
      await proceed.promise;
      startResponse("200 OK", []);
      return closes.track(
        (async function* () {
          yield encode("never read");
        })(),
      );
    };
    const abort = new AbortController();
    const pending = toFetchHandler(app)(new Request("http://example.com/", { signal: abort.signal }));
    await started.promise;
    abort.abort();
    proceed.resolve();
    const response = await pending;
    expect(response.body).toBeNull();
    expect(closes.count()).toBe(1);
  });

  it("runs a generator body's finally block when the client cancels", async () => {
    let cleaned = false;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return (async function* () {
        try {
          yield encode("a");
          yield encode("b");
        } finally {
          cleaned = true;
        }
      })();
    };
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cleaned).toBe(true);
  });
});

describe("toFetchHandler: app errors", () => {
  async function expect500(app: App, logMatch: RegExp | string): Promise<void> {
    const logged: string[] = [];
    const response = await toFetchHandler(app, { errors: (t) => logged.push(t) })(new Request("http://example.com/"));
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toBe("Internal Server Error");
    expect(logged.join("")).toMatch(logMatch);
  }

  it("answers a generic 500 and logs when the app throws before headers", async () => {
    await expect500(() => {
      throw new Error("secret detail");
    }, "secret detail");
  });

  it("answers 500 when the first chunk fails, even after startResponse", async () => {
    const closes = closeCounter();
    await expect500(
      (_e, sr) => {
        sr("200 OK", []);
        return closes.track(
          (async function* () {
            throw new Error("first chunk failed");
          })(),
        );
      },
      "first chunk failed",
    );
    expect(closes.count()).toBe(1);
  });

  it("refuses hop-by-hop headers with a 500", async () => {
    await expect500((_e, sr) => (sr("200 OK", [["Transfer-Encoding", "chunked"]]), []), /hop-by-hop.*Transfer-Encoding/);
  });

  it("refuses header values with CR/LF and invalid names with a 500", async () => {
    await expect500((_e, sr) => (sr("200 OK", [["X-Bad", "a\r\nInjected: 1"]]), []), /invalid value for response header X-Bad/);
    await expect500((_e, sr) => (sr("200 OK", [["Bad Name", "x"]]), []), /invalid response header name "Bad Name"/);
  });

  it("refuses a status a fetch Response cannot carry", async () => {
    await expect500((_e, sr) => (sr("103 Early Hints", []), []), /cannot be a final response/);
    await expect500((_e, sr) => (sr("OK", []), []), /not a tsgi status/);
  });

  it("refuses a body that is not an iterable of Uint8Array", async () => {
    await expect500((_e, sr) => (sr("200 OK", []), "text" as unknown as Body), /expected an iterable/);
    await expect500((_e, sr) => (sr("200 OK", []), ["text"] as unknown as Body), /chunks must be Uint8Array/);
  });

  it("answers 500 when the app never calls startResponse", async () => {
    await expect500(() => [encode("x")], /without calling startResponse/);
  });

  it("answers 500 when an array body disagrees with its Content-Length", async () => {
    await expect500((_e, sr) => (sr("200 OK", [["Content-Length", "2"]]), [encode("abc")]), /longer than the 2 bytes of its Content-Length/);
    await expect500((_e, sr) => (sr("200 OK", [["Content-Length", "9"]]), [encode("abc")]), /ended after 3 of the 9 bytes of its Content-Length/);
  });

  const streamed = (length: string, counter?: { closes: number }): App => (_e, sr) => {
    sr("200 OK", [["Content-Length", length]]);
    const body = (async function* () {
      yield encode("ab");
      yield encode("c");
    })();
    return Object.assign(body, { close: () => void (counter !== undefined && counter.closes++) });
  };

  it("breaks the stream when a streamed body sends fewer bytes than its Content-Length", async () => {
    const response = await toFetchHandler(streamed("9"), quiet)(new Request("http://example.com/"));
    await expect(response.arrayBuffer()).rejects.toThrow(/Content-Length/);
  });

  it("ends a streamed body longer than its Content-Length after the declared bytes, logs it and closes the body", async () => {
    const logged: string[] = [];
    const counter = { closes: 0 };
    const handler = toFetchHandler(streamed("2", counter), { errors: (text: string) => void logged.push(text) });
    const response = await handler(new Request("http://example.com/"));
    await expect(response.text()).resolves.toBe("ab");
    expect(logged.join("")).toMatch(/sent only the declared bytes.*longer than the 2 bytes of its Content-Length/s);
    expect(counter.closes).toBe(1);
  });
});
