// makeServer from the @tsgi/server build at BENCH_SERVER_DIST (a dist/index.js; default this
// checkout's), for an A/B of the server across commits (#13, bench/server-driver.ts).
// BENCH_APP=hello: examples/hello's simpleApp; async: the same as an async function; stream: an async generator of 16 × 4 KiB;
// two-layer: #22's 2-layer stack (simpleMiddleware + a withStartResponse header middleware); chunks: a sync generator of 16 × 4 KiB.
import { pathToFileURL } from "node:url";
import { appendHeader, withStartResponse, type App } from "@tsgi/core";
import { simpleApp, simpleMiddleware } from "../../../examples/hello/app.js";

type ServerModule = typeof import("@tsgi/server");
const dist = process.env.BENCH_SERVER_DIST;
const { makeServer } = (dist ? await import(pathToFileURL(dist).href) : await import("@tsgi/server")) as ServerModule;

const chunk = new Uint8Array(4096).fill(120);
const streamApp: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
  return (async function* () {
    for (let i = 0; i < 16; i++) yield chunk;
  })();
};

// The hello app written `async (environ, startResponse) => …`.
const asyncApp: App = async (environ, startResponse) => simpleApp(environ, startResponse);

const chunksApp: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
  return (function* () {
    for (let i = 0; i < 16; i++) yield chunk;
  })();
};
const twoLayer = withStartResponse(simpleMiddleware(simpleApp), (_status, headers) => {
  appendHeader(headers, "X-Served-By", "tsgi");
});

const apps: Record<string, App> = { hello: simpleApp, async: asyncApp, stream: streamApp, chunks: chunksApp, "two-layer": twoLayer };
const app = apps[process.env.BENCH_APP ?? "hello"];
if (app === undefined) throw new Error(`BENCH_APP must be one of ${Object.keys(apps).join(", ")}`);
const server = makeServer("127.0.0.1", 0, app);
await server.listen();
process.send?.({ port: server.port });
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
