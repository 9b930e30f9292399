import { fileURLToPath } from "node:url";
import type { App } from "@tsgi/core";
import { errors } from "@tsgi/errors";
import { staticFiles } from "@tsgi/static";

const encoder = new TextEncoder();

/** The dynamic part of the site: one JSON endpoint, 404 for everything else. */
export const api: App = (environ, startResponse) => {
  if (environ.PATH_INFO === "/api/hello") {
    const body = encoder.encode(JSON.stringify({ message: "hello from the app" }));
    startResponse("200 OK", [
      ["Content-Type", "application/json"],
      ["Content-Length", String(body.byteLength)],
      ["Cache-Control", "no-store"],
    ]);
    return [body];
  }
  const body = encoder.encode("Not Found\n");
  startResponse("404 Not Found", [["Content-Type", "text/plain; charset=utf-8"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

export const root = fileURLToPath(new URL("./public", import.meta.url));

/** errors outermost, so a failure anywhere (static files included) gets a safe error page. */
export const app: App = errors(staticFiles(api, { root, maxAge: 0, spa: false }));
