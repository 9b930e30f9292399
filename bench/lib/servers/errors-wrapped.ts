// The same simpleApp behind errors() from @tsgi/errors (ERRORS_STATUS_PAGES=1: with statusPages: true).
import * as http from "node:http";
import { errors } from "@tsgi/errors";
import { createRequestListener } from "@tsgi/server";
import { simpleApp } from "../../../examples/hello/app.js";
import { reportWhenListening } from "../serve-child.js";

const app = errors(simpleApp, { statusPages: process.env.ERRORS_STATUS_PAGES === "1" });
const listener = createRequestListener(app);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
