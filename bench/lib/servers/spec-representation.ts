// SPEC §9.15: what the JavaScript mapping's shapes cost at the server
// boundary, on raw node:http so nothing else differs. SPEC_REPR selects:
//   flat         the app hands a flat [name, value, …] list and a numeric status (no conversion)
//   pairs        the app hands [name, value][] (tsgi's shape); the server flattens it for writeHead
//   pairs-status pairs, and the status is the string "200 OK", parsed per response (tsgi's shape)
//   utf8-path    pairs-status, and the server also adds a UTF-8 decoded path key (latin1 → UTF-8)
import * as http from "node:http";
import { decodePathLatin1, latin1ToUtf8, statusCode } from "@tsgi/core";
import { reportWhenListening } from "../serve-child.js";

const mode = process.env.SPEC_REPR ?? "flat";
const body = Buffer.from("Hello world!\n");
let sink = 0;

function appHeadersPairs(): [string, string][] {
  return [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", "13"],
    ["Cache-Control", "no-store"],
    ["X-Request-Kind", "hello"],
    ["Vary", "Accept-Encoding"],
  ];
}

function appHeadersFlat(): string[] {
  return ["Content-Type", "text/plain; charset=utf-8", "Content-Length", "13", "Cache-Control", "no-store", "X-Request-Kind", "hello", "Vary", "Accept-Encoding"];
}

function flatten(pairs: [string, string][]): string[] {
  const flat: string[] = new Array(pairs.length * 2);
  for (let i = 0; i < pairs.length; i++) {
    flat[2 * i] = pairs[i]![0];
    flat[2 * i + 1] = pairs[i]![1];
  }
  return flat;
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = decodePathLatin1(q === -1 ? url : url.slice(0, q)) ?? "/";
  if (mode === "utf8-path") sink += latin1ToUtf8(path).length;
  if (mode === "flat") {
    res.writeHead(200, appHeadersFlat());
  } else if (mode === "pairs") {
    res.writeHead(200, flatten(appHeadersPairs()));
  } else {
    const status = "200 OK";
    res.writeHead(statusCode(status), status.slice(4), flatten(appHeadersPairs()));
  }
  res.end(body);
});
process.on("exit", () => void (sink === -1 && console.log(sink)));
reportWhenListening(server);
