// The same simpleApp behind rewriteHeaders with five security headers, or
// (REWRITE_INLINE=1) an app that sets the same five headers itself: the
// difference between the two is the middleware's own cost. REWRITE_ONE=1:
// rewriteHeaders setting one header.
import * as http from "node:http";
import type { App } from "@tsgi/core";
import { rewriteHeaders } from "@tsgi/rewrite";
import { createRequestListener } from "@tsgi/server";
import { simpleApp } from "../../../examples/hello/app.js";
import { reportWhenListening } from "../serve-child.js";

const security: Record<string, string> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Content-Security-Policy": "default-src 'self'",
};
const inline: App = (environ, startResponse) =>
  simpleApp(environ, (status, headers, excInfo) => {
    for (const [name, value] of Object.entries(security)) headers.push([name, value]);
    startResponse(status, headers, excInfo);
  });
const one = rewriteHeaders(simpleApp, { set: { "X-Content-Type-Options": "nosniff" } });
const app =
  process.env.REWRITE_INLINE === "1" ? inline
  : process.env.REWRITE_ONE === "1" ? one
  : rewriteHeaders(simpleApp, { remove: ["X-Powered-By"], set: security });
const listener = createRequestListener(app);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
