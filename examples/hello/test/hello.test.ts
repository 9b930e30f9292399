import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { validate, type App } from "@tsgi/core";
import { makeServer, type TsgiServer } from "@tsgi/server";
import { assertMiddleware } from "@tsgi/testing/conformance";
import { app, simpleApp, simpleMiddleware } from "../app.js";

let server: TsgiServer | undefined;
afterEach(async () => {
  await server?.close({ timeout: 0 });
  server = undefined;
});

async function get(target: App, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  // The validator checks both sides: the server and the example app.
  server = makeServer("127.0.0.1", 0, validate(target));
  await server.listen();
  return new Promise((resolve, reject) => {
    http
      .request(server!.url, { method, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on("error", reject)
      .end();
  });
}

describe("the hello example", () => {
  it("simpleApp says hello with a Content-Length", async () => {
    const reply = await get(simpleApp);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(reply.headers["content-length"]).toBe("13");
    expect(reply.body).toBe("Hello world!\n");
  });

  it("app is simpleApp modified by the middleware", async () => {
    const reply = await get(app);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("Hello world!\n -- Modified by middleware");
    expect(reply.headers["content-length"]).toBe(String(reply.body.length));
  });

  it("the middleware streams a streaming body", async () => {
    const streaming: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield new TextEncoder().encode("a");
        yield new TextEncoder().encode("b");
      })();
    };
    const reply = await get(simpleMiddleware(streaming));
    expect(reply.headers["transfer-encoding"]).toBe("chunked");
    expect(reply.body).toBe("ab -- Modified by middleware");
  });

  it("the middleware grows a declared Content-Length by the suffix", async () => {
    const declared: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", "2"]]);
      return [new TextEncoder().encode("hi")];
    };
    const reply = await get(simpleMiddleware(declared));
    expect(reply.headers["content-length"]).toBe(String(2 + " -- Modified by middleware".length));
    expect(reply.body).toBe("hi -- Modified by middleware");
  });

  it("the middleware leaves bodiless responses alone", async () => {
    const empty: App = (_e, startResponse) => {
      startResponse("204 No Content", []);
      return [];
    };
    const reply = await get(simpleMiddleware(empty));
    expect(reply.status).toBe(204);
    expect(reply.body).toBe("");
  });

  it("the middleware closes the inner body exactly once", async () => {
    let closes = 0;
    const inner: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return Object.assign([new TextEncoder().encode("x")], { close: () => void closes++ });
    };
    await get(simpleMiddleware(inner));
    await get(simpleMiddleware(inner), "HEAD");
    expect(closes).toBe(2);
  });
});

describe("simpleMiddleware as a middleware author would check it", () => {
  it("passes the middleware conformance kit", async () => {
    await assertMiddleware(simpleMiddleware, { changesBody: true });
  });

  it.each([
    ["204 No Content", 204],
    ["206 Partial Content", 206],
  ])("leaves a %s response untouched", async (status) => {
    const inner: App = (_e, startResponse) => {
      startResponse(status, status.startsWith("206") ? [["Content-Range", "bytes 0-1/10"], ["Content-Length", "2"]] : []);
      return status.startsWith("206") ? [new TextEncoder().encode("ab")] : [];
    };
    const reply = await get(simpleMiddleware(inner));
    expect(reply.body).toBe(status.startsWith("206") ? "ab" : "");
  });

  it("drops the inner ETag, since the bytes changed", async () => {
    const tagged: App = (_e, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["ETag", '"v1"']]);
      return [new TextEncoder().encode("x")];
    };
    const reply = await get(simpleMiddleware(tagged));
    expect(reply.headers.etag).toBeUndefined();
    expect(reply.body).toBe("x -- Modified by middleware");
  });
});
