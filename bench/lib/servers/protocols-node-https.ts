// node:https answering the hello bytes: the baseline of the HTTPS rows.
import * as https from "node:https";
import { reportHttps, tls } from "./protocols-tls.js";

const server = https.createServer(tls, (_req, res) => {
  res.writeHead(200, { "Content-type": "text/plain; charset=utf-8", "Content-Length": 13 });
  res.end("Hello world!\n");
});
reportHttps(server);
