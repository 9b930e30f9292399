// makeServer({ tls, http2: true }) with examples/hello's simpleApp, from the @tsgi/server build at
// BENCH_SERVER_DIST (a dist/index.js; default this checkout's): one side of an A/B of the HTTP/2
// path across builds (bench/protocols.ts with BENCH_H2_BEFORE). Outside the scheme (no IPC
// channel) it prints its port, for profiling by hand.
import { pathToFileURL } from "node:url";
import { simpleApp } from "../../../examples/hello/app.js";
import { reportHttps, tls } from "./protocols-tls.js";

type ServerModule = typeof import("@tsgi/server");
const dist = process.env.BENCH_SERVER_DIST;
const { makeServer } = (dist ? await import(pathToFileURL(dist).href) : await import("@tsgi/server")) as ServerModule;

const server = makeServer("127.0.0.1", Number(process.env.BENCH_PORT ?? 0), simpleApp, { tls, http2: true });
await server.listen();
if (process.send === undefined) console.log(`listening on https://127.0.0.1:${server.port}/`);
reportHttps(server.nodeServer, false);
