import { readBody, statusLine } from "@tsgi/core";
import type { App, Body, Environ } from "@tsgi/core";

// One app, four runtimes. Every endpoint is plain tsgi: nothing here knows
// which server runs it. Module state is per process (per isolate on workerd).

const encoder = new TextEncoder();
const text = (value: string): Uint8Array => encoder.encode(value);

let closeCalls = 0;

function json(startResponse: Parameters<App>[1], value: unknown, status = 200): Body {
  const bytes = text(JSON.stringify(value));
  startResponse(statusLine(status), [
    ["Content-Type", "application/json"],
    ["Content-Length", String(bytes.byteLength)],
  ]);
  return [bytes];
}

function query(environ: Environ, name: string): string | undefined {
  return new URLSearchParams(environ.QUERY_STRING).get(name) ?? undefined;
}

export const app: App = async (environ, startResponse) => {
  const path = environ.PATH_INFO;
  const method = environ.REQUEST_METHOD;

  if (path === "/hello") {
    const body = text(`hello ${query(environ, "name") ?? "world"}\n`);
    startResponse("200 OK", [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Length", String(body.byteLength)],
      ["Set-Cookie", "session=abc; Path=/; HttpOnly"],
      ["Set-Cookie", "theme=dark; Path=/"],
    ]);
    return [body];
  }

  if (path.startsWith("/environ")) {
    const keys = ["REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "SERVER_PORT", "HTTP_HOST", "HTTP_X_BYTES", "REMOTE_ADDR"];
    return json(startResponse, {
      ...Object.fromEntries(keys.map((k) => [k, environ[k] ?? null])),
      url_scheme: environ["tsgi.url_scheme"],
    });
  }

  if (path === "/duplex" && method === "POST") {
    // Echoes each upload chunk as it arrives, then "end". A client that sees
    // its first chunk echoed before sending the second proves both bodies
    // stream: the app is still waiting for input when its output goes out.
    // (Waiting on the request's own body is I/O; workerd cancels a request
    // that waits on another request's promise as "hung".)
    startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
    const input = environ["tsgi.input"];
    return (async function* () {
      for await (const chunk of input) yield chunk;
      yield text("end\n");
    })();
  }

  if (path === "/upload" && method === "POST") {
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of environ["tsgi.input"]) {
      bytes += chunk.byteLength;
      chunks++;
    }
    return json(startResponse, { bytes, chunks });
  }

  if (path === "/echo" && method === "POST") {
    const body = await readBody(environ, { limit: 1 << 20 });
    startResponse("200 OK", [["Content-Type", environ.CONTENT_TYPE ?? "application/octet-stream"]]);
    return [body];
  }

  if (path === "/forever") {
    // Never ends by itself: a tick every 20 ms until the client goes away and
    // the server calls close() (counted at /closes).
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    let stopped = false;
    return {
      async *[Symbol.asyncIterator]() {
        while (!stopped) {
          yield text("tick\n");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      close() {
        closeCalls++;
        stopped = true;
      },
    };
  }

  if (path === "/closes") return json(startResponse, { closes: closeCalls });

  if (path === "/boom") throw new Error("boom before headers");

  if (path === "/broken") {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return (async function* () {
      yield text("partial\n");
      throw new Error("boom after headers");
    })();
  }

  const body = text("not found\n");
  startResponse("404 Not Found", [["Content-Type", "text/plain"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};
