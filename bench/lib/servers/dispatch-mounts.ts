// A hello app behind @tsgi/dispatch with MOUNTS mounts (`/m0` … `/m<MOUNTS-1>`, the hello app at
// each), or the bare hello app with MOUNTS=0, on the reference server's listener. The load
// requests `/m7/hello`, a mount present in every table size.
import * as http from "node:http";
import type { App } from "@tsgi/core";
import { dispatch } from "@tsgi/dispatch";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";
import { hello } from "./dispatch-hello.js";

const count = Number(process.env.MOUNTS ?? "0");
const mounts: [string, App][] = [];
for (let i = 0; i < count; i++) mounts.push([`/m${i}`, hello]);
const app = count === 0 ? hello : dispatch(mounts);

const listener = createRequestListener(app);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
