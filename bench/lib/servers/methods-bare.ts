// The reference server's listener on the methods benchmark's `bare` app (see methods-hello.ts).
import * as http from "node:http";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";
import { bare } from "./methods-hello.js";

const listener = createRequestListener(bare);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
