// The whole tutorial as one app:
//   httpd = make_server('', 8000, app); httpd.serve_forever()   →  tsx server.ts
//   gunicorn server:app                                          →  tsgi serve server.ts:app
import { pathToFileURL } from "node:url";
import { compose } from "@tsgi/core";
import { makeServer } from "@tsgi/server";
import { dispatcher } from "./dispatcher.js";
import { errorMiddleware } from "./errors.js";
import { simpleMiddleware } from "./middleware.js";

export const app = compose(dispatcher, errorMiddleware, simpleMiddleware);

// Run directly (not when `tsgi serve` or a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const httpd = makeServer("", 8000, app);
  console.log("Serving on http://127.0.0.1:8000 …");
  await httpd.serveForever();
}
