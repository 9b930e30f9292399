// compress() from @tsgi/rewrite on the reference server, on the 100 KiB JSON body.
import * as http from "node:http";
import type { App } from "@tsgi/core";
import { compress } from "@tsgi/rewrite";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";
import { json } from "./rewrite-json.js";

const api: App = (_environ, startResponse) => {
  startResponse("200 OK", [
    ["Content-Type", "application/json"],
    ["Content-Length", String(json.length)],
  ]);
  return [json];
};
const listener = createRequestListener(compress(api));
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
