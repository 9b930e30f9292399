// The hello app with its body encoded once at startup instead of per request:
// the difference to tsgi-hello.ts is the app's own TextEncoder cost, so this
// row isolates what the server itself adds to raw node:http.
import * as http from "node:http";
import type { App } from "@tsgi/core";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";

const body = new TextEncoder().encode("Hello world!\n");
const app: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-type", "text/plain; charset=utf-8"]]);
  return [body];
};
const listener = createRequestListener(app);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
