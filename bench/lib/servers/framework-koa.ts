// Koa 3 answering the hello bytes of raw-hello.ts (bench:frameworks).
import * as http from "node:http";
import Koa from "koa";
import { reportWhenListening } from "../serve-child.js";

const app = new Koa();
app.use((ctx) => {
  ctx.type = "text/plain; charset=utf-8";
  ctx.body = "Hello world!\n";
});
reportWhenListening(http.createServer(app.callback()));
