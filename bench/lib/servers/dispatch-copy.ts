// The hello app of dispatch-mounts.ts with no dispatcher, to separate what dispatch costs from what
// its environ copy costs: MODE=bare (as is), MODE=spread (the app gets `{ ...environ }`, as a mounted
// app does), MODE=signal (the app only reads environ["tsgi.signal"], which the server makes lazily).
import * as http from "node:http";
import type { App } from "@tsgi/core";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";
import { hello } from "./dispatch-hello.js";

const modes: Record<string, App> = {
  bare: hello,
  spread: (environ, startResponse) => hello({ ...environ }, startResponse),
  signal: (environ, startResponse) => {
    void environ["tsgi.signal"];
    return hello(environ, startResponse);
  },
};
const app = modes[process.env.MODE ?? "bare"];
if (app === undefined) throw new Error(`MODE must be one of ${Object.keys(modes).join(", ")}`);

const listener = createRequestListener(app);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
