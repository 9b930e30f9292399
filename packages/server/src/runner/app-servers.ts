import * as http from "node:http";
import * as net from "node:net";
import type { App } from "@tsgi/core";
import { closeGracefully } from "../graceful-close.js";
import { createNodeServer, setServerTls } from "../node-server.js";
import type { ServerOptions } from "../options.js";
import { readTlsFiles } from "../tls-options.js";
import { createListenerHandle, type ListenerHandle } from "../request-listener.js";
import { sendGenericResponse } from "../generic-response.js";
import type { Bind } from "./bind.js";
import type { ServeConfig } from "./config.js";
import { listenError } from "./probe-bind.js";

/** What one process's servers are asked to do (from ServeConfig): where, with which limits, over TLS or not. */
export type ServingSettings = Pick<
  ServeConfig,
  "binds" | "timeout" | "keepAlive" | "headersTimeout" | "maxBodySize" | "limitRequestFieldSize" | "limitRequestFields" | "tls" | "http2"
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
  server: ServerOptions;
  /** Called with the running count once per request. */
  onRequest?: (count: number) => void;
}

/**
 * Runs `app` on every bind in this process: one node:http server per address,
 * all sharing one tsgi listener, with the CLI's limits applied (header size,
 * count and time, keep-alive, body size, response timeout).
 */
export async function startAppServers(app: App, settings: ServingSettings, options: AppServersOptions): Promise<AppServers> {
  const group = new AppServerGroup(app, settings, options);
  return group.listen();
}

class AppServerGroup implements AppServers {
  readonly binds: Bind[] = [];
  readonly #settings: ServingSettings;
  readonly #handle: ListenerHandle;
  readonly #servers: http.Server[] = [];
  readonly #onRequest: ((count: number) => void) | undefined;
  #requests = 0;
  #retiring = false;
  #closing: Promise<void> | undefined;

  constructor(app: App, settings: ServingSettings, options: AppServersOptions) {
    this.#settings = settings;
    this.#onRequest = options.onRequest;
    this.#handle = createListenerHandle(app, {
      ...options.server,
      ...(settings.maxBodySize !== undefined ? { maxBodySize: settings.maxBodySize } : {}),
      ...(settings.timeout > 0 ? { requestTimeout: settings.timeout } : {}),
    });
  }

  get requests(): number {
    return this.#requests;
  }

  /** One server per bind; if one cannot listen, the ones already listening close again. */
  async listen(): Promise<this> {
    const { listener } = this.#handle;
    const onRequest = this.#guard(listener);
    const onContinue = this.#guard(listener.checkContinue);
    const tls = this.#settings.tls === undefined ? undefined : readTlsFiles(this.#settings.tls);
    const httpOptions = httpOptionsFor(this.#settings);
    try {
      for (const bind of this.#settings.binds) {
        const server = createNodeServer(httpOptions, tls, onRequest, onContinue, this.#settings.http2 === true);
        // No truncation: node would silently drop headers past the count (Host among them, making it a 400).
        // Memory stays bounded by maxHeaderSize; the guard answers 431.
        server.maxHeadersCount = 0;
        this.#servers.push(server);
        this.binds.push(await listen(server, bind));
      }
    } catch (error) {
      for (const server of this.#servers) server.close();
      throw error;
    }
    return this;
  }

  retire(): void {
    this.#retiring = true;
  }

  close(timeout: number): Promise<void> {
    this.#closing ??= Promise.all(this.#servers.map((s) => closeGracefully(s, this.#handle.context, { timeout }))).then(() => undefined);
    return this.#closing;
  }

  drain(timeout: number): Promise<void> {
    this.#retiring = true;
    this.#handle.context.closing = true;
    this.#closing ??= drainServers(this.#servers, timeout);
    return this.#closing;
  }

  closeNow(): Promise<void> {
    const done = this.close(0);
    for (const server of this.#servers) server.closeAllConnections();
    return done;
  }

  reloadTls(): void {
    if (this.#settings.tls === undefined) return;
    const tls = readTlsFiles(this.#settings.tls);
    for (const server of this.#servers) setServerTls(server, tls);
  }

  /** Counts each request, answers 431 past --limit-request-fields, and closes the connection after it when asked to. */
  #guard(inner: http.RequestListener): http.RequestListener {
    const maxRaw = this.#settings.limitRequestFields * 2;
    const noKeepAlive = this.#settings.keepAlive === 0;
    return (req, res) => {
      this.#requests++;
      if (req.rawHeaders.length > maxRaw) {
        // node only truncates past maxHeadersCount; a limit the client can hit should say so, as gunicorn does.
        sendGenericResponse(res, 431, req.method === "HEAD", true);
        return;
      }
      if (noKeepAlive || this.#retiring) res.shouldKeepAlive = false;
      inner(req, res);
      this.#onRequest?.(this.#requests);
    };
  }
}

function httpOptionsFor(settings: ServingSettings): http.ServerOptions {
  return {
    maxHeaderSize: settings.limitRequestFieldSize,
    headersTimeout: settings.headersTimeout,
    // node checks header/request timeouts on this interval (30 s by default), so a slowloris would live that long.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(settings.headersTimeout / 2))),
    // With --keep-alive 0 every response says Connection: close; node's 0 would mean "never time out".
    keepAliveTimeout: settings.keepAlive === 0 ? 1000 : settings.keepAlive,
    // node's requestTimeout (the whole request must arrive in time) may not be shorter than headersTimeout.
    requestTimeout: Math.max(300_000, settings.headersTimeout),
  };
}

/** Stops accepting on every server and resolves once their connections are gone, cutting what is left after `timeout` ms. */
function drainServers(servers: readonly http.Server[], timeout: number): Promise<void> {
  return new Promise<void>((resolve) => {
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
