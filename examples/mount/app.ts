import { statusLine } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { fromFetchHandler } from "@tsgi/fetch";
import { fromNodeHandler } from "@tsgi/fetch/node";
import { expressApp } from "./express-app.js";
import { honoApp } from "./hono-app.js";
import { mount } from "./mount.js";

const index: App = (environ, startResponse) => {
  const found = environ.PATH_INFO === "/" || environ.PATH_INFO === "";
  const body = new TextEncoder().encode(found ? "mounted: /hono, /express\n" : "not found\n");
  startResponse(statusLine(found ? 200 : 404), [["Content-Type", "text/plain"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

/** The Express bridge; call `express.close()` when shutting down to abort requests in flight. */
export const express = fromNodeHandler(expressApp);

export const app = mount({ hono: fromFetchHandler(honoApp.fetch), express }, index);
