// bun main.ts [port] — serves a small tsgi app with the SPEC-only Bun server.
import { latin1ToUtf8, type App } from "@tsgi/core";
import { serveTsgi } from "./src/index.js";

export const app: App = (environ, startResponse) => {
  const text = new TextEncoder().encode(`hello from ${latin1ToUtf8(environ.PATH_INFO)}\n`);
  startResponse("200 OK", [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(text.byteLength)],
  ]);
  return [text];
};

const server = serveTsgi(app, { hostname: "127.0.0.1", port: Number(process.argv[2] ?? 8000) });
console.log(`listening on http://127.0.0.1:${server.port}`);
