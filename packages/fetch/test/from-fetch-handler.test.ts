import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { fromFetchHandler, toFetchHandler } from "../src/index.js";
import { callDirect, decode, deferred, encode, makeEnviron } from "./helpers.js";

describe("fromFetchHandler: the Request it builds", () => {
  it("shows a mounted handler its own view of the URL, prefix stripped", async () => {
    const urls: string[] = [];
    const app = fromFetchHandler((request) => (urls.push(request.url), new Response("ok")));
    await callDirect(app, makeEnviron("/api/users/caf%C3%A9?x=1&y", { mount: 1 }));
    expect(urls).toEqual(["http://example.com/users/caf%C3%A9?x=1&y"]);
  });

  it("keeps the prefix with keepPrefix", async () => {
    const urls: string[] = [];
    const app = fromFetchHandler((request) => (urls.push(request.url), new Response("ok")), { keepPrefix: true });
    await callDirect(app, makeEnviron("/api/users?x=1", { mount: 1 }));
    expect(urls).toEqual(["http://example.com/api/users?x=1"]);
  });

  it("maps the mount point itself to /", async () => {
    const urls: string[] = [];
    const app = fromFetchHandler((request) => (urls.push(request.url), new Response("ok")));
    await callDirect(app, makeEnviron("/api", { mount: 1 }));
    expect(urls).toEqual(["http://example.com/"]);
  });

  it("copies request headers back from HTTP_* keys, leaving hop-by-hop ones out", async () => {
    let seen: Headers | undefined;
    const app = fromFetchHandler((request) => ((seen = request.headers), new Response("ok")));
    await callDirect(
      app,
      makeEnviron("/", { headers: { "X-Trace": "abc", "Content-Type": "text/csv", Connection: "keep-alive", "X-Name": "caf\xe9" } }),
    );
    expect(seen!.get("x-trace")).toBe("abc");
    expect(seen!.get("content-type")).toBe("text/csv");
    expect(seen!.get("x-name")).toBe("caf\xe9");
    expect(seen!.has("connection")).toBe(false);
  });

  it("streams tsgi.input as the request body of a POST, and gives GET none", async () => {
    const bodies: (string | null)[] = [];
    const app = fromFetchHandler(async (request) => {
      bodies.push(request.body === null ? null : await request.text());
      return new Response("ok");
    });
    await callDirect(app, makeEnviron("/", { method: "POST", body: [encode("one,"), encode("two")] }));
    await callDirect(app, makeEnviron("/"));
    expect(bodies).toEqual(["one,two", null]);
  });
});

describe("fromFetchHandler: the response it returns", () => {
  it("starts the response with the status, reason and every Set-Cookie", async () => {
    const app = fromFetchHandler(() => {
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
      return new Response("made", { status: 201, statusText: "Made", headers });
    });
    const result = await callDirect(app, makeEnviron("/"));
    expect(result.status).toBe("201 Made");
    expect(result.headers.filter(([n]) => n === "set-cookie").map(([, v]) => v)).toEqual([
      "a=1; Path=/",
      "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
    ]);
    expect(decode(Buffer.concat(result.chunks))).toBe("made");
  });

  it("reads a Response stream's ArrayBuffer and view chunks as bytes, and fails on a chunk that is not bytes", async () => {
    const streamed = (chunks: unknown[]) =>
      fromFetchHandler(
        () =>
          new Response(
            // A hand-made stream may hand out any chunk; the cast lets it through.
            new ReadableStream<unknown>({
              pull(controller) {
                if (chunks.length === 0) controller.close();
                else controller.enqueue(chunks.shift());
              },
            }) as ReadableStream<Uint8Array>,
          ),
      );
    const bytes = await callDirect(streamed([new Uint8Array([104]).buffer, new DataView(new Uint8Array([105]).buffer)]), makeEnviron("/"));
    expect(decode(Buffer.concat(bytes.chunks))).toBe("hi");
    await expect(callDirect(streamed([encode("a"), 7]), makeEnviron("/"))).rejects.toThrow(/a body stream produced number 7, expected bytes/);
  });

  it("uses the registry's reason phrase when the Response has none", async () => {
    const app = fromFetchHandler(() => new Response(null, { status: 404 }));
    const result = await callDirect(app, makeEnviron("/"));
    expect(result.status).toBe("404 Not Found");
    expect(result.chunks).toEqual([]);
  });

  it("reads the response body chunk by chunk as the server asks", async () => {
    const release = deferred();
    const app = fromFetchHandler(
      () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(encode("early"));
              await release.promise;
              controller.enqueue(encode("late"));
              controller.close();
            },
          }),
        ),
    );
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    expect(decode((await reader.read()).value!)).toBe("early");
    release.resolve();
    expect(decode((await reader.read()).value!)).toBe("late");
  });

  it("cancels the handler's stream and aborts request.signal when closed early", async () => {
    let cancelled = false;
    let signal: AbortSignal | undefined;
    const app = fromFetchHandler((request) => {
      signal = request.signal;
      return new Response(
        new ReadableStream({
          pull: (controller) => controller.enqueue(encode("more")),
          cancel: () => void (cancelled = true),
        }),
      );
    });
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
    expect(signal!.aborted).toBe(true);
  });

  it("does not abort request.signal after a complete response", async () => {
    let signal: AbortSignal | undefined;
    const app = fromFetchHandler((request) => ((signal = request.signal), new Response("all")));
    const response = await toFetchHandler(app)(new Request("http://example.com/"));
    expect(await response.text()).toBe("all");
    expect(signal!.aborted).toBe(false);
  });
});

describe("fromFetchHandler: bad handlers", () => {
  it("lets a handler's error propagate, so the server answers 500", async () => {
    const logged: string[] = [];
    const app = fromFetchHandler(() => {
      throw new Error("handler broke");
    });
    await expect(callDirect(app, makeEnviron("/"))).rejects.toThrow("handler broke");
    const response = await toFetchHandler(app, { errors: (t) => logged.push(t) })(new Request("http://example.com/"));
    expect(response.status).toBe(500);
    expect(logged.join("")).toContain("handler broke");
  });

  it.each([
    [undefined, "undefined"],
    ["text", '"text"'],
    [{ status: 200 }, "a Object"],
  ])("throws a clear TypeError when the handler returns %o", async (value, described) => {
    const app = fromFetchHandler(() => value as unknown as Response);
    await expect(callDirect(app, makeEnviron("/"))).rejects.toThrow(
      `fromFetchHandler: handler returned ${described}, expected a Response`,
    );
  });

  it("refuses a handler that is not a function", () => {
    expect(() => fromFetchHandler("nope" as unknown as () => Response)).toThrow(TypeError);
  });
});

describe("fromFetchHandler with Hono", () => {
  it("routes a mounted Hono app on its own paths and keeps its cookies", async () => {
    const hono = new Hono();
    hono.get("/hello/:name", (c) => {
      c.header("Set-Cookie", "one=1", { append: true });
      c.header("Set-Cookie", "two=2", { append: true });
      return c.text(`hello ${c.req.param("name")} ${c.req.query("q")}`);
    });
    hono.post("/echo", async (c) => c.text(`${(await c.req.arrayBuffer()).byteLength} bytes`));
    const app = fromFetchHandler(hono.fetch);

    const get = await callDirect(app, makeEnviron("/hono/hello/ann?q=x", { mount: 1 }));
    expect(get.status).toBe("200 OK");
    expect(decode(Buffer.concat(get.chunks))).toBe("hello ann x");
    expect(get.headers.filter(([n]) => n === "set-cookie")).toHaveLength(2);

    const post = await callDirect(app, makeEnviron("/hono/echo", { mount: 1, method: "POST", body: [encode("abc"), encode("de")] }));
    expect(decode(Buffer.concat(post.chunks))).toBe("5 bytes");
  });
});
