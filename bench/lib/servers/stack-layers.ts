// The hello app under the first STACK_LAYERS layers of examples/stack
// (0 = bare, 1 = errors, 2 = + staticFiles, 3 = + rewriteHeaders, 4 = + dispatch),
// on the reference server. GET /hello falls through every layer to the app.
import * as http from "node:http";
import { fileURLToPath } from "node:url";
import type { App } from "@tsgi/core";
import { dispatch } from "@tsgi/dispatch";
import { errors } from "@tsgi/errors";
import { rewriteHeaders } from "@tsgi/rewrite";
import { createRequestListener } from "@tsgi/server";
import { staticFiles } from "@tsgi/static";
import { simpleApp } from "../../../examples/hello/app.js";
import { reportWhenListening } from "../serve-child.js";

const root = fileURLToPath(new URL("../../../examples/stack/public", import.meta.url));
const layers: ((app: App) => App)[] = [
  (app) => dispatch({ "/api": app, "/": app }),
  (app) => rewriteHeaders(app, { set: { "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer" } }),
  (app) => staticFiles(app, { root }),
  (app) => errors(app),
];
const count = Number(process.env.STACK_LAYERS ?? 0);
let app: App = simpleApp;
for (const layer of layers.slice(layers.length - count)) app = layer(app);

const server = http.createServer(createRequestListener(app));
reportWhenListening(server);
