// node:http2's secure server with allowHTTP1 and the compat (req, res) API, answering the hello bytes:
// the baseline of the HTTP/2 rows (the same kind of server makeServer({ http2: true }) builds).
import * as http2 from "node:http2";
import { reportHttps, tls } from "./protocols-tls.js";

const server = http2.createSecureServer({ ...tls, allowHTTP1: true }, (_req, res) => {
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "content-length": 13 });
  res.end("Hello world!\n");
});
reportHttps(server);
