import * as http from "node:http";
import * as net from "node:net";
import type { App } from "@tsgi/core";
import { closeGracefully } from "../graceful-close.js";
import { createNodeServer, setServerTls } from "../node-server.js";
import type { ServerOptions } from "../options.js";
import { readTlsFiles, type TlsFiles } from "../tls-options.js";
import { createListenerHandle } from "../request-listener.js";
import { sendGenericResponse } from "../generic-response.js";
import type { Bind } from "./bind.js";
import type { ServeConfig } from "./config.js";
import { listenError } from "./probe-bind.js";

/** The limits and hooks one process's servers share (from ServeConfig). */
export type ServingLimits = Pick<
  ServeConfig,
  "timeout" | "keepAlive" | "headersTimeout" | "maxBodySize" | "limitRequestFieldSize" | "limitRequestFields"
>;

export interface AppServers {
  /** The bound addresses, in bind order (port 0 resolved). */
  readonly binds: Bind[];
  /** Requests received so far. */
  readonly requests: number;
  /** From now on every response ends with `Connection: close` (a replacement is coming). */
  retire(): void;
  /** Stop accepting and close idle connections; let in-flight responses finish for `timeout` ms, then cut them. */
  close(timeout: number): Promise<void>;
  /**
   * Hand over to a replacement: stop accepting, answer every further request
   * on the open connections with `Connection: close`, and let idle keep-alive
   * connections expire by --keep-alive as usual rather than cutting them,
   * which could race with a request the client is sending at that moment.
   * After `timeout` ms whatever is left is cut.
   */
  drain(timeout: number): Promise<void>;
  /** Cut every connection now (bodies still get close()). */
  closeNow(): Promise<void>;
  /** Re-reads the TLS files into every server (new connections get them); nothing without TLS. */
  reloadTls(): void;
}

export interface AppServersOptions {
  limits: ServingLimits;
  server: ServerOptions;
  /** Called with the running count once per request. */
  onRequest?: (count: number) => void;
  /** Serve HTTPS with these files. */
  tls?: TlsFiles;
  /** With tls: HTTP/2 too. */
  http2?: boolean;
}

/**
 * Runs `app` on every bind in this process: one node:http server per address,
 * all sharing one tsgi listener, with the CLI's limits applied (header size,
 * count and time, keep-alive, body size, response timeout).
 */
export async function startAppServers(app: App, binds: readonly Bind[], options: AppServersOptions): Promise<AppServers> {
  const { limits } = options;
  const handle = createListenerHandle(app, {
    ...options.server,
    ...(limits.maxBodySize !== undefined ? { maxBodySize: limits.maxBodySize } : {}),
    ...(limits.timeout > 0 ? { requestTimeout: limits.timeout } : {}),
  });
  const listener = handle.listener;
  const maxRaw = limits.limitRequestFields * 2;
  const noKeepAlive = limits.keepAlive === 0;
  const onRequest = options.onRequest;
  let requests = 0;
  let retiring = false;

  const guard = (inner: http.RequestListener) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests++;
    if (req.rawHeaders.length > maxRaw) {
      // node only truncates past maxHeadersCount; a limit the client can hit should say so, as gunicorn does.
      sendGenericResponse(res, 431, req.method === "HEAD", true);
      return;
    }
    if (noKeepAlive || retiring) res.shouldKeepAlive = false;
    inner(req, res);
    if (onRequest !== undefined) onRequest(requests);
  };
  const onReq = guard(listener);
  const onContinue = guard(listener.checkContinue);

  const httpOptions: http.ServerOptions = {
    maxHeaderSize: limits.limitRequestFieldSize,
    headersTimeout: limits.headersTimeout,
    // node checks header/request timeouts on this interval (30 s by default), so a slowloris would live that long.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeout / 2))),
    // With --keep-alive 0 every response says Connection: close; node's 0 would mean "never time out".
    keepAliveTimeout: noKeepAlive ? 1000 : limits.keepAlive,
    // node's requestTimeout (the whole request must arrive in time) may not be shorter than headersTimeout.
    requestTimeout: Math.max(300_000, limits.headersTimeout),
  };

  const servers: http.Server[] = [];
  const bound: Bind[] = [];
  try {
    for (const bind of binds) {
      const server = createNodeServer(httpOptions, options.tls === undefined ? undefined : readTlsFiles(options.tls), onReq, onContinue, options.http2 === true);
      // No truncation: node would silently drop headers past the count (Host among them, making it a 400).
      // Memory stays bounded by maxHeaderSize; the guard above answers 431.
      server.maxHeadersCount = 0;
      servers.push(server);
      bound.push(await listen(server, bind));
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = (timeout: number): Promise<void> => {
    closing ??= Promise.all(servers.map((s) => closeGracefully(s, handle.context, { timeout }))).then(() => undefined);
    return closing;
  };
  const drain = (timeout: number): Promise<void> => {
    retiring = true;
    handle.context.closing = true;
    closing ??= new Promise<void>((resolve) => {
      const cut = setTimeout(() => {
        for (const server of servers) server.closeAllConnections();
      }, timeout);
      cut.unref();
      let open = servers.length;
      for (const server of servers) {
        // net.Server's close, not http.Server's: that one also drops idle keep-alive connections at once.
        net.Server.prototype.close.call(server, () => {
          if (--open > 0) return;
          clearTimeout(cut);
          resolve();
        });
      }
    });
    return closing;
  };
  return {
    binds: bound,
    get requests() {
      return requests;
    },
    retire() {
      retiring = true;
    },
    close,
    drain,
    reloadTls: () => {
      if (options.tls === undefined) return;
      const tls = readTlsFiles(options.tls);
      for (const server of servers) setServerTls(server, tls);
    },
    closeNow: () => {
      const done = close(0);
      for (const server of servers) server.closeAllConnections();
      return done;
    },
  };
}

function listen(server: http.Server, bind: Bind): Promise<Bind> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(bind, error));
    server.once("error", onError);
    const onListening = () => {
      server.off("error", onError);
      if (bind.kind === "unix") resolve(bind);
      else resolve({ kind: "tcp", host: bind.host, port: (server.address() as net.AddressInfo).port });
    };
    if (bind.kind === "unix") server.listen(bind.path, onListening);
    else server.listen({ host: bind.host, port: bind.port }, onListening);
  });
}
