import * as http from "node:http";
import * as https from "node:https";
import type { SecureContextOptions } from "node:tls";
import { createHttp2Server } from "./http2-listener.js";
import type { RequestListener } from "./request-listener.js";
import type { TlsOptions } from "./tls-options.js";

/**
 * The node server a tsgi listener runs on: node:http, or node:https with
 * `tls` (`tsgi.url_scheme` is then `https`, read from the socket). 100-continue
 * goes to `onContinue`, so 100 is sent at the app's first read of tsgi.input
 * (SPEC [input.expect-continue]). With `http2` (TLS only) HTTP/2 and HTTP/1.1
 * clients share the port.
 */
export function createNodeServer(
  httpOptions: http.ServerOptions,
  tls: TlsOptions | undefined,
  onRequest: RequestListener,
  onContinue: RequestListener,
  http2 = false,
): http.Server {
  if (http2) {
    if (tls === undefined) throw new TypeError("option http2 needs tls: browsers speak HTTP/2 only over TLS (h2c is not offered)");
    return createHttp2Server(httpOptions, tls, onRequest, onContinue);
  }
  const server = tls === undefined ? http.createServer(httpOptions, onRequest) : https.createServer({ ...httpOptions, ...tls }, onRequest);
  server.on("checkContinue", onContinue);
  return server as http.Server;
}

/** Replaces the certificate and key of a server made with `tls`; connections already open keep theirs. */
export function setServerTls(server: http.Server, tls: TlsOptions): void {
  const secure = server as unknown as { setSecureContext?: (options: SecureContextOptions) => void };
  if (typeof secure.setSecureContext !== "function") throw new TypeError("setTls: this server was not made with the tls option");
  secure.setSecureContext(tls);
}
