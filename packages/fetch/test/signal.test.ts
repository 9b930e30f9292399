import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { validate, type App, type Body } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { fromFetchHandler, toFetchHandler } from "../src/index.js";
import { fromNodeHandler } from "../src/node.js";
import { deferred, encode } from "./helpers.js";

// The abort is event-driven: 100 ms idle, stretched by TSGI_TEST_WAIT_SCALE (3 under CI, two shared cores).
const PROMPT_MS = 100 * Number(process.env.TSGI_TEST_WAIT_SCALE ?? (process.env.CI ? 3 : 1));

const quiet = { errors: () => {} };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Serves `app` (validated) with @tsgi/server on 127.0.0.1. */
async function serve(app: App): Promise<TsgiServer> {
  const server = makeServer("127.0.0.1", 0, validate(app), { errors: () => {} });
  await server.listen();
  cleanups.push(() => server.close({ timeout: 0 }));
  return server;
}

/** Sends a GET on a raw socket and returns the socket, to be destroyed as a client leaving. */
function rawGet(port: number, path: string): net.Socket {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  cleanups.push(() => socket.destroy());
  return socket;
}

const waitAbort = (signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));

describe("toFetchHandler gives the app tsgi.signal (SPEC [environ.signal])", () => {
  it("aborts it when request.signal aborts before the response is complete", async () => {
    const started = deferred<AbortSignal>();
    const app: App = async (environ, startResponse) => {
      const signal = environ["tsgi.signal"]!;
      started.resolve(signal);
      await waitAbort(signal);
      startResponse("200 OK", []);
      return [];
    };
    const client = new AbortController();
    const response = toFetchHandler(validate(app), quiet)(new Request("http://example.com/", { signal: client.signal }));
    const signal = await started.promise;
    expect(signal.aborted).toBe(false);
    const reason = new Error("client left");
    client.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    await response;
  });

  it("aborts it when the runtime cancels the response stream mid-body, and not after a complete response", async () => {
    const signals: AbortSignal[] = [];
    const app: App = (environ, startResponse) => {
      signals.push(environ["tsgi.signal"]!);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield encode("one");
        yield encode("two");
      })();
    };
    const handler = toFetchHandler(validate(app), quiet);
    const cut = await handler(new Request("http://example.com/"));
    const reader = cut.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(signals[0]!.aborted).toBe(true);

    const client = new AbortController();
    const whole = await handler(new Request("http://example.com/", { signal: client.signal }));
    expect(await whole.text()).toBe("onetwo");
    client.abort();
    expect(signals[1]!.aborted).toBe(false);
  });

  it("aborts it within 100 ms of a real client leaving Deno.serve", async () => {
    // The binary itself: the .bin shim would leave it running when killed.
    const deno = join(dirname(createRequire(import.meta.url).resolve("deno/package.json")), "deno");
    const script = fileURLToPath(new URL("./fixtures/deno-signal.mjs", import.meta.url));
    const child: ChildProcess = spawn(deno, ["run", "--allow-net", "--allow-env", "--allow-read", "--unstable-sloppy-imports", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const reader = createInterface({ input: child.stdout! });
    cleanups.push(async () => {
      reader.close();
      child.kill();
      await exited;
    });
    const lines = reader[Symbol.asyncIterator]();
    const next = async (): Promise<string> => String((await lines.next()).value);
    const port = Number((await next()).replace("PORT ", ""));
    const socket = rawGet(port, "/slow");
    expect(await next()).toBe("STARTED false");
    const leftAt = performance.now();
    socket.destroy();
    const line = await next();
    expect(line).toMatch(/^ABORTED \d+$/);
    expect(performance.now() - leftAt).toBeLessThan(PROMPT_MS);
  }, 60_000);
});

describe("fromFetchHandler passes tsgi.signal into the handler's Request", () => {
  it("aborts request.signal within 100 ms of the client leaving @tsgi/server", async () => {
    const started = deferred<AbortSignal>();
    const app = fromFetchHandler(async (request) => {
      started.resolve(request.signal);
      await waitAbort(request.signal);
      return new Response("late");
    });
    const server = await serve(app);
    const socket = rawGet(server.port, "/slow");
    const signal = await started.promise;
    expect(signal.aborted).toBe(false);
    const aborted = waitAbort(signal).then(() => performance.now());
    const leftAt = performance.now();
    socket.destroy();
    expect((await aborted) - leftAt).toBeLessThan(PROMPT_MS);
  });
});

describe("fromNodeHandler tells the node handler that the client left", () => {
  it("emits 'aborted' and 'close' on req and 'close' on res within 100 ms of the client leaving", async () => {
    const started = deferred();
    const events: string[] = [];
    const allSeen = deferred<number>();
    const app = fromNodeHandler((req, res) => {
      const note = (name: string) => () => {
        events.push(name);
        if (events.length === 3) allSeen.resolve(performance.now());
      };
      req.on("aborted", note("req aborted"));
      req.on("close", note("req close"));
      res.on("close", note("res close"));
      started.resolve();
      // A slow handler that never answers on its own.
    });
    cleanups.push(() => app.close());
    const server = await serve(app);
    const socket = rawGet(server.port, "/slow");
    await started.promise;
    const leftAt = performance.now();
    socket.destroy();
    expect((await allSeen.promise) - leftAt).toBeLessThan(PROMPT_MS);
    expect(events.sort()).toEqual(["req aborted", "req close", "res close"]);
  });

  it("tears the handler's connection down when the client leaves mid-body; the body is closed once", async () => {
    const resClosed = deferred();
    const app = fromNodeHandler((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("first\n");
      res.on("close", () => resClosed.resolve());
    });
    cleanups.push(() => app.close());
    let closes = 0;
    const counted: App = async (environ, startResponse) => {
      const body = (await app(environ, startResponse)) as Body;
      return {
        [Symbol.asyncIterator]: () => (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator](),
        close: () => {
          closes++;
          return body.close?.();
        },
      };
    };
    const server = await serve(counted);
    const socket = rawGet(server.port, "/stream");
    await new Promise<void>((resolve) => socket.once("data", () => resolve()));
    socket.destroy();
    await resClosed.promise;
    expect(closes).toBe(1);
  });
});
