import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "@tsgi/core";
import { closeGracefully, type CloseOptions } from "./graceful-close.js";
import { createNodeServer, setServerTls } from "./node-server.js";
import type { ServerOptions } from "./options.js";
import { createListenerHandle } from "./request-listener.js";
import { checkTlsOptions, type TlsOptions } from "./tls-options.js";

export interface TsgiServer {
  /** The underlying node:http server. */
  readonly nodeServer: http.Server;
  /** `http://host:port` (`https://` with tls), once bound. */
  readonly url: string;
  /** The bound port (the ephemeral one when 0 was asked), once bound. */
  readonly port: number;
  /** Resolves when the server is bound; rejects if binding failed. */
  listen(): Promise<AddressInfo>;
  /** Resolves once the server has been closed (rejects if it could not bind). */
  serveForever(): Promise<void>;
  /** Graceful stop; see CloseOptions. Calling it again returns the same promise. */
  close(options?: CloseOptions): Promise<void>;
  /** New certificate and key for a server made with `tls` (rotation); open connections keep theirs. */
  setTls(tls: TlsOptions): void;
}

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The reference server, after wsgiref's make_server: builds a node:http
 * server for `app` and starts listening on `host:port` at once. An empty host
 * means 127.0.0.1 (wsgiref would listen on every interface; pass '0.0.0.0'
 * for that). For production use the `tsgi` CLI, which adds workers and
 * reloading on top of this.
 */
export function makeServer(host: string, port: number, app: App, options: ServerOptions = {}): TsgiServer {
  if (typeof host !== "string") throw new TypeError("host must be a string ('' means 127.0.0.1)");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  const bindHost = host === "" ? "127.0.0.1" : host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const handle = createListenerHandle(app, {
    ...options,
    serverName: options.serverName ?? (WILDCARDS.has(bindHost) ? undefined : bindHost.includes(":") ? `[${bindHost}]` : bindHost),
  });
  const tls = options.tls === undefined ? undefined : checkTlsOptions(options.tls);
  if (options.http2 !== undefined && typeof options.http2 !== "boolean") throw new TypeError("option http2 must be a boolean");
  const nodeServer = createNodeServer(options.http ?? {}, tls, handle.listener, handle.listener.checkContinue, options.http2);

  let bindError: Error | undefined;
  const listening = new Promise<AddressInfo>((resolve, reject) => {
    const onError = (error: Error): void => {
      bindError = error;
      reject(error);
    };
    nodeServer.once("error", onError);
    nodeServer.once("listening", () => {
      nodeServer.off("error", onError);
      const address = nodeServer.address() as AddressInfo;
      handle.context.serverPort = String(address.port);
      resolve(address);
    });
  });
  // Callers that never await listen() must not get an unhandled rejection.
  listening.catch(() => {});
  const closed = new Promise<void>((resolve) => nodeServer.once("close", resolve));
  let closing: Promise<void> | undefined;

  nodeServer.listen(port, bindHost);

  const address = (): AddressInfo => {
    const a = nodeServer.address();
    if (a === null || typeof a === "string") throw new Error("the server is not listening yet: await listen() first");
    return a;
  };
  return {
    nodeServer,
    get port() {
      return address().port;
    },
    get url() {
      const a = address();
      const h = a.family === "IPv6" || a.address.includes(":") ? `[${a.address}]` : a.address;
      return `${tls === undefined ? "http" : "https"}://${h}:${a.port}`;
    },
    listen: () => listening,
    setTls: (next: TlsOptions) => setServerTls(nodeServer, checkTlsOptions(next)),
    serveForever: async () => {
      await listening;
      await closed;
    },
    close(closeOptions?: CloseOptions) {
      if (closing === undefined) {
        closing = bindError !== undefined || !nodeServer.listening
          ? listening.then(
              () => closeGracefully(nodeServer, handle.context, closeOptions),
              () => undefined,
            )
          : closeGracefully(nodeServer, handle.context, closeOptions);
      }
      return closing;
    },
  };
}
