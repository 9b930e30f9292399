// Raw node:http answering the same bytes and headers as the tsgi hello app:
// the baseline every tsgi server figure is divided by.
import * as http from "node:http";
import { reportWhenListening } from "../serve-child.js";

const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-type": "text/plain; charset=utf-8", "Content-Length": 13 });
  res.end("Hello world!\n");
});
reportWhenListening(server);
