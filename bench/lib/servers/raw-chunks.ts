// Raw node:http writing the 16 chunks of 4 KiB that tsgi-targets.ts's "chunks" app yields (chunked, like it).
import * as http from "node:http";
import { reportWhenListening } from "../serve-child.js";

const chunk = new Uint8Array(4096).fill(120);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-type": "application/octet-stream" });
  for (let i = 0; i < 16; i++) res.write(chunk);
  res.end();
});
reportWhenListening(server);
