// examples/hello's simpleApp on makeServer with { tls } (BENCH_HTTP2=1: and http2).
import { makeServer } from "@tsgi/server";
import { simpleApp } from "../../../examples/hello/app.js";
import { reportHttps, tls } from "./protocols-tls.js";

const server = makeServer("127.0.0.1", 0, simpleApp, { tls, http2: process.env.BENCH_HTTP2 === "1" });
await server.listen();
reportHttps(server.nodeServer, false);
