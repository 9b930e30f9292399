import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { validate, type App } from "@tsgi/core";
import { makeServer } from "@tsgi/server";
import { describe, expect, it } from "vitest";
import { appendFooter, catchErrors, gzip } from "./fixtures/trial-middleware.js";
import { utf8 } from "./helpers.js";

// Issue #15's defects that involve the server, over a real @tsgi/server
// socket: the server's startResponse refusing a header, and an error handler
// inside a callApp-based middleware answering a late failure.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

async function serve(app: App, headers: Record<string, string> = {}): Promise<{ reply: Reply; log: string }> {
  let log = "";
  const server = makeServer("127.0.0.1", 0, app, { errors: (text) => void (log += text) });
  await server.listen();
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(`${server.url}/`, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
    return { reply, log };
  } finally {
    await server.close();
  }
}

describe("middleware over a real @tsgi/server socket", () => {
  it("a callApp + respond() middleware closes the inner body once when the server refuses a header, and the client gets the server's 500", async () => {
    let closes = 0;
    const badHeader: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"], ["Bad Header", "x"]]);
      return Object.assign([utf8.encode("never sent")], { close: () => void closes++ });
    };
    const { reply, log } = await serve(appendFooter(badHeader));
    expect(reply.status).toBe(500);
    expect(reply.body.toString()).not.toContain("never sent");
    expect(log).toMatch(/header/i);
    expect(closes).toBe(1);
  });

  it("gzip(errors(app)): the error handler inside still answers when the app fails after startResponse, before the first byte", async () => {
    const failsLate: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (async function* () {
        yield new Uint8Array(0);
        throw new Error("the app failed after startResponse");
      })();
    };
    const { reply, log } = await serve(validate(gzip(catchErrors(validate(failsLate)))), { "Accept-Encoding": "gzip" });
    expect(reply.status).toBe(500);
    expect(reply.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(reply.body).toString()).toBe("Internal Server Error\n");
    expect(log).toContain("the app failed after startResponse");
    expect(log).not.toMatch(/tsgi\.validate: \[/);
  });
});
