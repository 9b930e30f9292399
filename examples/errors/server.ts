// The demo app behind the error handler done right.
//   tsx server.ts                 (or: tsgi serve server.ts:app)
//   TSGI_DEBUG=1 tsx server.ts    development page with TypeScript stacks
import { pathToFileURL } from "node:url";
import { makeServer } from "@tsgi/server";
import { demo } from "./app.js";
import { debugErrorMiddleware, errorMiddleware } from "./handler.js";

export const app = (process.env.TSGI_DEBUG === "1" ? debugErrorMiddleware : errorMiddleware)(demo);

// Run directly (not when `tsgi serve` or a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const httpd = makeServer("", 8000, app);
  console.log("Serving on http://127.0.0.1:8000 …");
  await httpd.serveForever();
}
