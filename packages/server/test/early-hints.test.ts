import * as http from "node:http";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "@tsgi/core";
import { deferred, enc, start, stopAll } from "./helpers/server.js";

afterEach(stopAll);

const STYLE = "</style.css>; rel=preload; as=style";
const SCRIPT = "</app.js>; rel=preload; as=script";

/** Sends `head` on a raw socket; resolves with everything received until the server ends or `until` matches. */
function rawExchange(port: number, head: string, until: RegExp, onData?: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      text += d;
      onData?.(text);
      if (until.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on("error", reject);
    socket.on("end", () => resolve(text));
    socket.write(head);
  });
}

const page = (environ: Parameters<App>[0], startResponse: Parameters<App>[1]) => {
  const body = enc(`<link rel=stylesheet href=/style.css>${environ.SERVER_PROTOCOL}`);
  startResponse("200 OK", [["Content-Type", "text/html"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

describe("tsgi.early_hints sends 103 Early Hints (SPEC [environ.early-hints])", () => {
  it("sends a 103 with the Link fields before the final response, while the app is still working", async () => {
    const gate = deferred();
    const app: App = async (environ, startResponse) => {
      environ["tsgi.early_hints"]!([["Link", STYLE], ["Link", SCRIPT]]);
      await gate.promise;
      return page(environ, startResponse);
    };
    const { port } = await start(app);
    let sawHintsEarly = false;
    const text = await rawExchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", /HTTP\/1\.1 200[^]*HTTP\/1\.1$/, (received) => {
      if (!sawHintsEarly && /^HTTP\/1\.1 103 Early Hints\r\n[^]*\r\n\r\n$/.test(received)) {
        sawHintsEarly = true;
        gate.resolve();
      }
    });
    expect(sawHintsEarly).toBe(true);
    const [hints, final] = text.split(/(?=HTTP\/1\.1 200)/);
    expect(hints).toMatch(/^HTTP\/1\.1 103 Early Hints\r\n/i);
    expect(hints!.toLowerCase()).toContain(`link: ${STYLE}, ${SCRIPT}`.toLowerCase());
    expect(final).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(final).toMatch(/HTTP\/1\.1$/);
  });

  it("node's own client sees the 103 as an 'information' event", async () => {
    const app: App = (environ, startResponse) => {
      environ["tsgi.early_hints"]!([["link", STYLE]]);
      return page(environ, startResponse);
    };
    const { url } = await start(app);
    const informational: { status: number; link: unknown }[] = [];
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(url, { agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      });
      req.on("information", (info) => informational.push({ status: info.statusCode, link: info.headers.link }));
      req.on("error", reject);
    });
    expect(status).toBe(200);
    expect(informational).toEqual([{ status: 103, link: STYLE }]);
  });

  it("offers no tsgi.early_hints to an HTTP/1.0 request, which cannot get a 1xx", async () => {
    let present: boolean | undefined;
    const app: App = (environ, startResponse) => {
      present = "tsgi.early_hints" in environ;
      return page(environ, startResponse);
    };
    const { port } = await start(app);
    const text = await rawExchange(port, "GET / HTTP/1.0\r\n\r\n", /HTTP\/1\.0$/);
    expect(present).toBe(false);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).not.toMatch(/ 103 /);
  });

  it("drops a hint sent once the response headers are out (raw app, no validator)", async () => {
    const app: App = (environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return (function* () {
        yield enc("first ");
        environ["tsgi.early_hints"]!([["Link", STYLE]]);
        yield enc("second");
      })();
    };
    const { port } = await start(app, { raw: true });
    const text = await rawExchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", /second\r\n0\r\n\r\n$/);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).not.toMatch(/103/);
  });
});
