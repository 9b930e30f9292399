import { fileURLToPath } from "node:url";
import type { App } from "@tsgi/core";
import { startAppServers } from "./runner/app-servers.js";
import { bindUrl } from "./runner/bind.js";
import { DEFAULTS } from "./runner/config.js";
import { loadEnvFiles } from "./runner/env-file.js";
import { createLogger } from "./runner/logger.js";
import { buildConfig, buildSettings, type ServeFlags } from "./cli/program.js";
import { serverOptionsFor } from "./runner/server-options.js";
import { checkAccessLog, startServing } from "./runner/start.js";
import type { LogLevel } from "./cli/values.js";

/**
 * The options of `tsgi serve`, camel-cased, in the same units (seconds;
 * bytes as a number or `"10m"`). Give `app` to serve a function in this
 * process, or `module` to run a supervisor with cluster workers.
 */
export interface RunOptions {
  /**
   * An app function, served in this process: one worker and no supervisor, so
   * `workers` must be 1 and `maxRequests`/`reload` are not available.
   */
  app?: App;
  /**
   * `path/to/app.ts[:export]` or `path/to/app.ts:createApp()`: served as by
   * `tsgi serve`, by a supervisor (this process, via node:cluster) and
   * `workers` processes that each load the module themselves.
   */
  module?: string;
  /** `HOST:PORT`, `[IPV6]:PORT` or `unix:PATH`, or several. @default "127.0.0.1:8000" */
  bind?: string | string[];
  /** @default 1 */
  workers?: number | "auto";
  /** Seconds a response may take (503 beyond); with workers, also the heartbeat limit. 0: none. @default 30 */
  timeout?: number;
  /** @default 30 */
  gracefulTimeout?: number;
  /** @default 5 */
  keepAlive?: number;
  /** @default 10 */
  headersTimeout?: number;
  /** @default 0 (never) */
  maxRequests?: number;
  /** @default 0 */
  maxRequestsJitter?: number;
  /** Bytes (`1048576`) or with a unit (`"1m"`). @default unlimited */
  maxBodySize?: number | string;
  /** @default 16384 */
  limitRequestFieldSize?: number | string;
  /** @default 100 */
  limitRequestFields?: number;
  /** A file, or `"-"` for stdout. @default none */
  accessLog?: string;
  /** @default Apache combined */
  accessLogFormat?: string;
  /** @default "info" */
  logLevel?: LogLevel;
  reload?: boolean;
  reloadDirs?: string[];
  proxyHeaders?: boolean;
  /** @default "127.0.0.1,::1" when proxyHeaders is on */
  forwardedAllowIps?: string;
  /** Forwarding headers believed from trusted proxies, e.g. `"x-forwarded-for,x-forwarded-proto,x-forwarded-host"`; implies proxyHeaders. @default "x-forwarded-for,x-forwarded-proto" */
  forwardedHeaders?: string | string[];
  envFile?: string | string[];
  /** Serve HTTPS with this PEM certificate (chain); needs `keyfile`. SIGHUP re-reads both. */
  certfile?: string;
  /** The PEM private key of `certfile`. */
  keyfile?: string;
  /** PEM CA certificates to trust instead of node's bundle. */
  caCerts?: string;
  /** OpenSSL cipher list. @default node's */
  ciphers?: string;
  /** Also speak HTTP/2 (needs `certfile`). @default false */
  http2?: boolean;
  /** Stop gracefully on SIGTERM/SIGINT, at once on SIGQUIT (and, with `module`, SIGHUP reloads, SIGTTIN/SIGTTOU resize). @default true */
  signals?: boolean;
}

export interface RunningServer {
  /** `http://127.0.0.1:8000`, `unix:/path`: one per bind, with port 0 resolved. */
  readonly urls: string[];
  /** Graceful stop (as SIGTERM). */
  close(): Promise<void>;
  /** With `module`: replace every worker, new ones first (as SIGHUP). */
  reload(): void;
  /** Resolves once the server has stopped, however that happened. */
  readonly closed: Promise<void>;
}

function toFlags(o: RunOptions): ServeFlags {
  const s = (v: number | string | undefined, fallback: string) => (v === undefined ? fallback : String(v));
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const flags: ServeFlags = {
    workers: s(o.workers, DEFAULTS.workers),
    timeout: s(o.timeout, DEFAULTS.timeout),
    gracefulTimeout: s(o.gracefulTimeout, DEFAULTS.gracefulTimeout),
    keepAlive: s(o.keepAlive, DEFAULTS.keepAlive),
    headersTimeout: s(o.headersTimeout, DEFAULTS.headersTimeout),
    maxRequests: s(o.maxRequests, DEFAULTS.maxRequests),
    maxRequestsJitter: s(o.maxRequestsJitter, DEFAULTS.maxRequestsJitter),
    limitRequestField_size: s(o.limitRequestFieldSize, DEFAULTS.limitRequestFieldSize),
    limitRequestFields: s(o.limitRequestFields, DEFAULTS.limitRequestFields),
    logLevel: o.logLevel ?? DEFAULTS.logLevel,
  };
  const bind = list(o.bind);
  if (bind !== undefined) flags.bind = bind;
  if (o.maxBodySize !== undefined) flags.maxBodySize = String(o.maxBodySize);
  if (o.accessLog !== undefined) flags.accessLog = o.accessLog;
  if (o.accessLogFormat !== undefined) flags.accessLogFormat = o.accessLogFormat;
  if (o.reload !== undefined) flags.reload = o.reload;
  if (o.reloadDirs !== undefined) flags.reloadDir = o.reloadDirs;
  if (o.proxyHeaders !== undefined) flags.proxyHeaders = o.proxyHeaders;
  if (o.forwardedAllowIps !== undefined) flags.forwardedAllowIps = o.forwardedAllowIps;
  if (o.forwardedHeaders !== undefined) flags.forwardedHeaders = list(o.forwardedHeaders)!.join(",");
  const envFile = list(o.envFile);
  if (envFile !== undefined) flags.envFile = envFile;
  if (o.certfile !== undefined) flags.certfile = o.certfile;
  if (o.keyfile !== undefined) flags.keyfile = o.keyfile;
  if (o.caCerts !== undefined) flags.caCerts = o.caCerts;
  if (o.ciphers !== undefined) flags.ciphers = o.ciphers;
  if (o.http2 !== undefined) flags.http2 = o.http2;
  return flags;
}

/**
 * `tsgi serve` as a function. Resolves once every bind is listening; rejects
 * with the message the CLI would print (bad option, missing module, port in
 * use, app that cannot load).
 */
export async function run(options: RunOptions): Promise<RunningServer> {
  if ((options.app === undefined) === (options.module === undefined)) {
    throw new TypeError("run() needs exactly one of `app` (a function, served in this process) or `module` (a path, served by workers)");
  }
  const flags = toFlags(options);
  const handleSignals = options.signals ?? true;

  if (options.module !== undefined) {
    const config = buildConfig(options.module, flags);
    const logger = createLogger(config.logLevel);
    const exec = fileURLToPath(new URL("./cli.js", import.meta.url));
    const serving = await startServing(config, { exec, logger, handleSignals });
    const closed = serving.done.then(() => undefined);
    return {
      urls: serving.binds.map((bind) => bindUrl(bind, config.tls === undefined ? "http" : "https")),
      close: () => serving.supervisor.stop().then(() => undefined),
      reload: () => serving.supervisor.reload(),
      closed,
    };
  }

  const app = options.app!;
  if (typeof app !== "function") throw new TypeError("run(): `app` must be a function (environ, startResponse) => body");
  const settings = buildSettings(flags);
  if (settings.workers !== 1 || settings.maxRequests > 0 || settings.reload) {
    throw new TypeError(
      "run({ app }) serves in this process: workers, maxRequests and reload need `module` (each worker loads the module itself)",
    );
  }
  loadEnvFiles(settings.envFiles);
  checkAccessLog(settings.accessLog);
  const logger = createLogger(settings.logLevel);
  const { server, accessLog } = serverOptionsFor(settings, false);
  const servers = await startAppServers(app, settings.binds, { limits: settings, server, ...(settings.tls === undefined ? {} : { tls: settings.tls, http2: settings.http2 === true }) });
  const scheme = settings.tls === undefined ? "http" : "https";
  for (const bind of servers.binds) logger.info(`Listening at: ${bindUrl(bind, scheme)} (${process.pid})`);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;
  const stop = (fast: boolean): Promise<void> => {
    if (closing !== undefined && !fast) return closing;
    logger.info(fast ? "Shutting down quickly" : "Shutting down gracefully");
    const done = fast ? servers.closeNow() : servers.close(settings.gracefulTimeout);
    closing = done.then(async () => {
      await accessLog?.end(1000);
      removeSignals();
      resolveClosed();
    });
    return closing;
  };
  const onTerm = () => void stop(closing !== undefined);
  const onQuit = () => void stop(true);
  // No workers to replace here: SIGHUP re-reads the certificate files (rotation without a restart).
  const onHup = () => reloadTls(servers, logger);
  const removeSignals = () => {
    process.off("SIGTERM", onTerm).off("SIGINT", onTerm).off("SIGQUIT", onQuit).off("SIGHUP", onHup);
  };
  if (handleSignals) process.on("SIGTERM", onTerm).on("SIGINT", onTerm).on("SIGQUIT", onQuit);
  if (handleSignals && settings.tls !== undefined) process.on("SIGHUP", onHup);

  return {
    urls: servers.binds.map((bind) => bindUrl(bind, scheme)),
    close: () => stop(false),
    reload: () => {
      throw new TypeError("run({ app }) cannot reload: the app function is already loaded; use `module`");
    },
    closed,
  };
}

function reloadTls(servers: { reloadTls(): void }, logger: { info(text: string): void; error(text: string): void }): void {
  try {
    servers.reloadTls();
    logger.info("Hang up: re-read the TLS certificate and key");
  } catch (error) {
    // Keep serving with the old certificate rather than going down over a half-written file.
    logger.error(`Hang up: could not re-read the TLS files, keeping the old ones: ${(error as Error).message}`);
  }
}
