// The reference server's listener on the methods benchmark's `table` app (see methods-hello.ts).
import * as http from "node:http";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";
import { table } from "./methods-hello.js";

const listener = createRequestListener(table);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
