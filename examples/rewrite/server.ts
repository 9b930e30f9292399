// All four examples behind one server:
//   /        an HTML page, with the script injected and security headers
//   /text    a plain-text page, appended to by the tutorial's middleware
//   /events  server-sent events through compression
import { compose, shiftPathInfo, type App } from "@tsgi/core";
import { compress } from "@tsgi/rewrite";
import { makeServer } from "@tsgi/server";
import { injectScript } from "./inject-script.js";
import { securityHeaders } from "./security-headers.js";
import { simpleMiddleware } from "./simple-middleware.js";
import { events } from "./sse.js";

const encoder = new TextEncoder();

const page: App = (_environ, startResponse) => {
  const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i + 1}: compressible text.</p>`).join("");
  const html = encoder.encode(`<!doctype html><html><head><title>tsgi</title></head><body><h1>Hello</h1>${paragraphs}</body></html>`);
  startResponse("200 OK", [
    ["Content-Type", "text/html; charset=utf-8"],
    ["Content-Length", String(html.byteLength)],
    ["X-Powered-By", "hand-written"],
  ]);
  return [html];
};

const text: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
  return [encoder.encode("Hello, world")];
};

const routes: Record<string, App> = {
  "": compose(page, securityHeaders, compress, injectScript("/app.js")),
  text: simpleMiddleware(text),
  events,
};

export const app: App = (environ, startResponse) => {
  const name = environ.PATH_INFO === "/" ? "" : shiftPathInfo(environ);
  const route = name === undefined ? undefined : routes[name];
  if (route === undefined) {
    startResponse("404 Not Found", [["Content-Type", "text/plain"]]);
    return [encoder.encode("Not Found\n")];
  }
  return route(environ, startResponse);
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = makeServer("127.0.0.1", 8000, app);
  await server.listen();
  console.log(`listening on ${server.url}`);
}
