// Hono 4 on @hono/node-server answering the hello bytes of raw-hello.ts (bench:frameworks).
import * as http from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { reportWhenListening } from "../serve-child.js";

const app = new Hono();
app.get("/", (c) => c.text("Hello world!\n"));
reportWhenListening(http.createServer(getRequestListener(app.fetch)));
