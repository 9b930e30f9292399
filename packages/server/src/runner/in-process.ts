import type { App } from "@tsgi/core";
import { startAppServers, type AppServers } from "./app-servers.js";
import { bindUrl, type Bind } from "./bind.js";
import { deferred } from "./deferred.js";
import { loadEnvFiles } from "./env-file.js";
import type { LineSink } from "./line-sink.js";
import { createLogger, type Logger } from "./logger.js";
import { serverOptionsFor } from "./server-options.js";
import type { Settings } from "./settings.js";
import { onSignals } from "./signals.js";
import { checkAccessLog } from "./start.js";

/** An app served in this process: its addresses, and how it stops. */
export interface InProcessServing {
  readonly binds: Bind[];
  /** Graceful stop (as SIGTERM); `fast` cuts what is in flight (as SIGQUIT). */
  stop(fast?: boolean): Promise<void>;
  /** Resolves once the servers have stopped, however that happened. */
  readonly closed: Promise<void>;
}

/**
 * `run({ app })`: the app function on every bind in this process, with the
 * same limits and access log as a worker, but no supervisor. SIGTERM/SIGINT
 * stop it gracefully, SIGQUIT at once, and SIGHUP re-reads the certificate.
 */
export async function serveInProcess(app: App, settings: Settings, handleSignals: boolean): Promise<InProcessServing> {
  loadEnvFiles(settings.envFiles);
  checkAccessLog(settings.accessLog);
  const logger = createLogger(settings.logLevel);
  const { server, accessLog } = serverOptionsFor(settings, false);
  const servers = await startAppServers(app, settings, { server });
  const scheme = settings.tls === undefined ? "http" : "https";
  for (const bind of servers.binds) logger.info(`Listening at: ${bindUrl(bind, scheme)} (${process.pid})`);
  return new InProcessServer(servers, settings, { logger, accessLog, handleSignals });
}

class InProcessServer implements InProcessServing {
  readonly #servers: AppServers;
  readonly #gracefulTimeout: number;
  readonly #logger: Logger;
  readonly #accessLog: LineSink | undefined;
  readonly #closed = deferred();
  readonly #removeSignals: () => void;
  #closing: Promise<void> | undefined;

  constructor(servers: AppServers, settings: Settings, options: { logger: Logger; accessLog: LineSink | undefined; handleSignals: boolean }) {
    this.#servers = servers;
    this.#gracefulTimeout = settings.gracefulTimeout;
    this.#logger = options.logger;
    this.#accessLog = options.accessLog;
    this.#removeSignals = options.handleSignals ? this.#installSignals(settings.tls !== undefined) : () => {};
  }

  get binds(): Bind[] {
    return this.#servers.binds;
  }

  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  stop(fast = false): Promise<void> {
    if (this.#closing !== undefined && !fast) return this.#closing;
    this.#logger.info(fast ? "Shutting down quickly" : "Shutting down gracefully");
    const done = fast ? this.#servers.closeNow() : this.#servers.close(this.#gracefulTimeout);
    this.#closing = done.then(async () => {
      await this.#accessLog?.end(1000);
      this.#removeSignals();
      this.#closed.resolve();
    });
    return this.#closing;
  }

  #installSignals(tls: boolean): () => void {
    const onTerm = () => void this.stop(this.#closing !== undefined);
    return onSignals({
      SIGTERM: onTerm,
      SIGINT: onTerm,
      SIGQUIT: () => void this.stop(true),
      // No workers to replace here: SIGHUP re-reads the certificate files (rotation without a restart).
      ...(tls ? { SIGHUP: () => this.#reloadTls() } : {}),
    });
  }

  #reloadTls(): void {
    try {
      this.#servers.reloadTls();
      this.#logger.info("Hang up: re-read the TLS certificate and key");
    } catch (error) {
      // Keep serving with the old certificate rather than going down over a half-written file.
      this.#logger.error(`Hang up: could not re-read the TLS files, keeping the old ones: ${(error as Error).message}`);
    }
  }
}
