import * as http from "node:http";
import * as https from "node:https";
import type { RequestListener } from "./request-listener.js";
import type { TlsOptions } from "./tls-options.js";

/**
 * The node server a tsgi listener runs on: node:http, or node:https with
 * `tls` (`tsgi.url_scheme` is then `https`, read from the socket). 100-continue
 * goes to `onContinue`, so 100 is sent at the app's first read of tsgi.input
 * (SPEC [input.expect-continue]).
 */
export function createNodeServer(
  httpOptions: http.ServerOptions,
  tls: TlsOptions | undefined,
  onRequest: RequestListener,
  onContinue: RequestListener,
): http.Server {
  const server = tls === undefined ? http.createServer(httpOptions, onRequest) : https.createServer({ ...httpOptions, ...tls }, onRequest);
  server.on("checkContinue", onContinue);
  return server as http.Server;
}

/** Replaces the certificate and key of a server made with `tls`; connections already open keep theirs. */
export function setServerTls(server: http.Server, tls: TlsOptions): void {
  if (!(server instanceof https.Server)) throw new TypeError("setTls: this server was not made with the tls option");
  server.setSecureContext(tls);
}
