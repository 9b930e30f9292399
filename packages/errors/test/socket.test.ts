import * as http from "node:http";
import type { App } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { afterEach, describe, expect, it } from "vitest";
import { errors, type ErrorsOptions } from "../src/index.js";
import { CloseCounter, errorLines, streaming, throwing } from "./helpers.js";

let server: TsgiServer | undefined;
let log: string[] = [];

afterEach(async () => {
  await server?.close({ timeout: 2000 });
  server = undefined;
  log = [];
});

async function serve(app: App): Promise<string> {
  server = makeServer("127.0.0.1", 0, app, { errors: (text) => log.push(text) });
  await server.listen();
  return server.url;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  complete: boolean;
  reusedSocket: boolean;
}

/** One request with node's HTTP client; the body is read until the end or the connection breaks. */
/** A chunked upload: `first` is sent at once, `rest` only after `gate` resolves (the app has been called). */
interface Upload {
  first: Buffer;
  rest: Buffer[];
  gate: Promise<void>;
}

function request(url: string, options: http.RequestOptions & { upload?: Upload } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      const done = (): void => resolve({ status: res.statusCode!, headers: res.headers, body, complete: res.complete, reusedSocket: req.reusedSocket });
      res.on("end", done);
      res.on("error", done);
      res.on("aborted", done);
    });
    req.on("error", reject);
    const upload = options.upload;
    if (upload === undefined) {
      req.end();
      return;
    }
    req.write(upload.first);
    void upload.gate.then(() => {
      for (const chunk of upload.rest) req.write(chunk);
      req.end();
    });
  });
}

describe("over a real socket", () => {
  it("aborts the connection when the body fails after the headers, so the client sees an incomplete response", async () => {
    const counter = new CloseCounter();
    const url = await serve(errors(streaming(["first part, "], new Error("database went away"), counter)));
    const reply = await request(url);
    expect(reply.status).toBe(200);
    expect(reply.headers["transfer-encoding"]).toBe("chunked");
    expect(reply.body).toBe("first part, ");
    expect(reply.complete).toBe(false);
    expect(counter.count).toBe(1);
    expect(errorLines(log.join(""))).toHaveLength(1);
  });

  it("has the error's stack in the server's log once: the server's own line is a one-line note", async () => {
    const url = await serve(errors(streaming(["first part, "], new Error("database went away"))));
    await request(url, { headers: { "X-Request-Id": "abort-1" } });
    await server!.close({ timeout: 2000 });
    expect(log).toHaveLength(2);
    const [ours, note] = log;
    expect(ours).toMatch(/^\[tsgi errors\] 200 GET \/ request_id=abort-1 aborted the response mid-body: Error: database went away\\n {4}at /);
    // The server's line: one line, no stack frame, pointing at the line above by its request id.
    expect(note).toMatch(/^\[tsgi\] [^\n]*ResponseAbortedError: aborted after the headers were sent by Error: database went away \(its stack is logged with request_id=abort-1\)\n$/);
    expect(note).not.toContain(" at ");
  });

  it("aborts a response with a Content-Length that fails short of it", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "100"]]);
      return (async function* () {
        yield new TextEncoder().encode("ten bytes!");
        throw new Error("short");
      })();
    };
    const reply = await request(await serve(errors(app)));
    expect(reply.body).toBe("ten bytes!");
    expect(reply.complete).toBe(false);
  });

  it("answers an error before the headers with a complete error page", async () => {
    const reply = await request(await serve(errors(throwing(new Error("secret detail")))), { headers: { Accept: "application/json" } });
    expect(reply.status).toBe(500);
    expect(reply.complete).toBe(true);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 500, title: "Internal Server Error" });
    expect(reply.body).not.toContain("secret");
  });
});

describe("a response head the server refuses", () => {
  it.each([
    ["a hop-by-hop header", ["Connection", "close"]],
    ["a header value with CR/LF", ["X-Note", "a\r\nSet-Cookie: evil=1"]],
  ] as [string, [string, string]][])("with %s becomes the middleware's error page and one log line", async (_what, header) => {
    const counter = new CloseCounter();
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Access-Control-Allow-Origin", "*"], header]);
      return counter.track([new TextEncoder().encode("never sent")]);
    };
    const reply = await request(await serve(errors(app)), { headers: { "X-Request-Id": "refused-1" } });
    expect(reply.status).toBe(500);
    expect(reply.headers["x-request-id"]).toBe("refused-1");
    expect(reply.headers["access-control-allow-origin"]).toBe("*");
    expect(reply.headers["set-cookie"]).toBeUndefined();
    expect(reply.body).not.toContain("never sent");
    expect(counter.count).toBe(1);
    expect(errorLines(log.join(""))).toHaveLength(1);
  });
});

describe("unread request bodies", () => {
  /**
   * Two POSTs over one keep-alive connection to an app that throws without
   * reading. The first upload is still arriving when the app fails (its
   * second half is sent only once the app was called), so the server must
   * either read the rest or close the connection.
   */
  async function twoRequests(options: ErrorsOptions, wrap = true): Promise<[Reply, Reply]> {
    let called!: () => void;
    const gate = new Promise<void>((resolve) => (called = resolve));
    const inner: App = (environ, startResponse) => {
      called();
      return throwing(new Error("did not read the upload"))(environ, startResponse);
    };
    const url = await serve(wrap ? errors(inner, options) : inner);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // No Content-Length: a chunked upload, which the server cannot skip by counting.
      const upload: Upload = { first: Buffer.alloc(4096, 97), rest: [Buffer.alloc(8192, 98)], gate };
      const first = await request(url, { method: "POST", agent, upload });
      const second = await request(url, { method: "POST", agent, upload: { first: Buffer.from("x"), rest: [], gate: Promise.resolve() } });
      return [first, second];
    } finally {
      agent.destroy();
    }
  }

  it("are drained so the keep-alive connection carries the next request", async () => {
    const [first, second] = await twoRequests({});
    expect(first.status).toBe(500);
    expect(first.headers.connection).toBe("keep-alive");
    expect(second.status).toBe(500);
    expect(second.reusedSocket).toBe(true);
  });

  it("without the middleware the server closes that connection instead", async () => {
    const [first, second] = await twoRequests({}, false);
    expect(first.headers.connection).toBe("close");
    expect(second.reusedSocket).toBe(false);
  });

  it("past drainLimit, the response says Connection: close", async () => {
    const [first, second] = await twoRequests({ drainLimit: 1024 });
    expect(first.status).toBe(500);
    expect(first.headers.connection).toBe("close");
    expect(second.reusedSocket).toBe(false);
  });
});
