// The apps of issue #22's targets on makeServer's listener, chosen by TARGET:
// "two-layer" — examples/hello's simpleMiddleware (the tutorial's appending
//   middleware done right) plus a withStartResponse header middleware;
// "async" — the hello app written `async (environ, startResponse) => …`;
// "chunks" — a sync generator of 16 chunks of 4 KiB, its generator function made once;
// "chunks-inline" — the same with the generator function written inline, so made per
//   request: each gets a new prototype, so every body has a new shape and the server's
//   calls on it go megamorphic (0.89× against 1.04× raw, measured together).
import * as http from "node:http";
import { appendHeader, withStartResponse, type App } from "@tsgi/core";
import { createRequestListener } from "@tsgi/server";
import { simpleApp, simpleMiddleware } from "../../../examples/hello/app.js";
import { reportWhenListening } from "../serve-child.js";

const hello = new TextEncoder().encode("Hello world!\n");
const chunk = new Uint8Array(4096).fill(120);

function* sixteenChunks(): Generator<Uint8Array> {
  for (let i = 0; i < 16; i++) yield chunk;
}

const apps: Record<string, App> = {
  "two-layer": withStartResponse(simpleMiddleware(simpleApp), (_status, headers) => {
    appendHeader(headers, "X-Served-By", "tsgi");
  }),
  async: async (_environ, startResponse) => {
    startResponse("200 OK", [["Content-type", "text/plain; charset=utf-8"]]);
    return [hello];
  },
  chunks: (_environ, startResponse) => {
    startResponse("200 OK", [["Content-type", "application/octet-stream"]]);
    return sixteenChunks();
  },
  "chunks-inline": (_environ, startResponse) => {
    startResponse("200 OK", [["Content-type", "application/octet-stream"]]);
    return (function* () {
      for (let i = 0; i < 16; i++) yield chunk;
    })();
  },
};
const app = apps[process.env.TARGET ?? ""];
if (app === undefined) throw new Error(`TARGET must be one of ${Object.keys(apps).join(", ")}`);
reportWhenListening(http.createServer(createRequestListener(app)));
