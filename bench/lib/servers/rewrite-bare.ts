// The rewriteHeaders baseline: examples/hello's simpleApp on the reference server's listener.
import * as http from "node:http";
import { createRequestListener } from "@tsgi/server";
import { simpleApp } from "../../../examples/hello/app.js";
import { reportWhenListening } from "../serve-child.js";

const listener = createRequestListener(simpleApp);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
