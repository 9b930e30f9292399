// raw node:http with its handler run in the event loop's check phase
// (setImmediate): a turn's worth of requests is parsed before any is answered.
import * as http from "node:http";
import { reportWhenListening } from "../serve-child.js";

const handler = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
  res.writeHead(200, { "Content-type": "text/plain; charset=utf-8", "Content-Length": 13 });
  res.end("Hello world!\n");
};
const server = http.createServer((req, res) => setImmediate(handler, req, res));
reportWhenListening(server);
