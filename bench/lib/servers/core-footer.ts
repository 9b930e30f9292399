// core(#15)'s helpers measured: a hello app (an Array body with Content-Length)
// bare, or behind a footer middleware built on callApp + respond + mapBody.
// CORE_FOOTER=array: mapBody keeps the Array (the server's one-write fast path);
// CORE_FOOTER=stream: the same middleware forced to stream (what mapBody did
// before it kept Arrays). Unset: the bare app.
import * as http from "node:http";
import { callApp, getHeader, mapBody, respond, setHeader, statusHasNoBody, type App, type Body, type Chunk, type Middleware } from "@tsgi/core";
import { createRequestListener } from "@tsgi/server";
import { reportWhenListening } from "../serve-child.js";

const HELLO = new TextEncoder().encode("Hello world!\n");
const TAIL = new TextEncoder().encode(" -- footer\n");

const hello: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"], ["Content-Length", String(HELLO.byteLength)]]);
  return [HELLO];
};

async function* streamed(body: Body): AsyncGenerator<Chunk> {
  yield* body as Iterable<Chunk>;
}

const footer = (stream: boolean): Middleware => (app) => async (environ, startResponse) => {
  const { status, code, headers, body } = await callApp(app, environ, { onLateStart: startResponse });
  if (statusHasNoBody(code)) return respond(startResponse, status, headers, body);
  const length = getHeader(headers, "Content-Length");
  if (length !== undefined) setHeader(headers, "Content-Length", String(Number(length) + TAIL.byteLength));
  const inner = stream ? Object.assign(streamed(body), { close: () => body.close?.() }) : body;
  return respond(startResponse, status, headers, mapBody(inner, (chunk) => chunk, { flush: () => TAIL }));
};

const mode = process.env.CORE_FOOTER;
const app = mode === undefined ? hello : footer(mode === "stream")(hello);
const listener = createRequestListener(app);
const server = http.createServer(listener);
server.on("checkContinue", listener.checkContinue);
reportWhenListening(server);
