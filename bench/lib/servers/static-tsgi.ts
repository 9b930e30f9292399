// @tsgi/static on the reference server's listener, serving STATIC_ROOT.
import * as http from "node:http";
import type { App } from "@tsgi/core";
import { createRequestListener } from "@tsgi/server";
import { staticFiles } from "@tsgi/static";
import { reportWhenListening } from "../serve-child.js";

const notFound: App = (_environ, startResponse) => {
  startResponse("404 Not Found", [["Content-Type", "text/plain"], ["Content-Length", "0"]]);
  return [];
};
const listener = createRequestListener(staticFiles(notFound, { root: process.env.STATIC_ROOT! }));
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
