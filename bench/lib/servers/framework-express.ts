// Express 5 answering the hello bytes of raw-hello.ts (bench:frameworks).
import * as http from "node:http";
import express from "express";
import { reportWhenListening } from "../serve-child.js";

const app = express();
app.get("/", (_req, res) => {
  res.type("text/plain; charset=utf-8").send("Hello world!\n");
});
reportWhenListening(http.createServer(app));
