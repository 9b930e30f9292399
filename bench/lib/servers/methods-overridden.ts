// The reference server's listener on the methods benchmark's `overridden` app (see methods-hello.ts).
import * as http from "node:http";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";
import { overridden } from "./methods-hello.js";

const listener = createRequestListener(overridden);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
