import type { App } from "@tsgi/core";
import { startAppServers, type AppServers } from "./app-servers.js";
import { CliError } from "../cli/cli-error.js";
import type { LineSink } from "./line-sink.js";
import { runShutdown, runStartup, type Lifespan } from "./lifespan.js";
import { AppLoadError, loadAppModule } from "./load-app.js";
import {
  BOOT_ERROR_EXIT,
  heartbeatInterval,
  isSupervisorMessage,
  WORKER_ENV,
  type WorkerMessage,
  type WorkerSetup,
} from "./messages.js";
import { serverOptionsFor } from "./server-options.js";
import { onSignals } from "./signals.js";

function send(message: WorkerMessage, sent: () => void = () => {}): void {
  if (process.connected) process.send!(message, undefined, undefined, sent);
  else sent();
}

/**
 * A cluster worker: loads the app, listens on every bind (node:cluster shares
 * the sockets), beats a heartbeat the supervisor watches, and stops when told:
 * gracefully on "stop" or SIGTERM, at once on "quit" or SIGQUIT.
 */
export async function runWorker(): Promise<void> {
  const setup = JSON.parse(process.env[WORKER_ENV]!) as WorkerSetup;
  delete process.env[WORKER_ENV];
  // Started first, so a module whose top level never returns is caught by the supervisor's timeout.
  // The first beat at once: the supervisor's boot deadline (--timeout) starts from it.
  send({ tsgi: "heartbeat" });
  setInterval(() => send({ tsgi: "heartbeat" }), heartbeatInterval(setup.config.timeout)).unref();
  const worker = new ClusterWorker(setup);
  worker.obey();
  await worker.boot();
}

class ClusterWorker {
  readonly #setup: WorkerSetup;
  #servers: AppServers | undefined;
  #lifespan: Lifespan = {};
  #accessLog: LineSink | undefined;
  #stopping = false;
  #exiting = false;
  #retired = false;

  constructor(setup: WorkerSetup) {
    this.#setup = setup;
  }

  /** Follows the supervisor: its messages, the signals it sends, and its going away. */
  obey(): void {
    const { gracefulTimeout } = this.#setup.config;
    const ignore = () => {};
    // Ctrl-C reaches the whole process group: the supervisor decides what workers do.
    onSignals({ SIGINT: ignore, SIGTERM: () => void this.#stop(gracefulTimeout), SIGQUIT: () => this.#quit(), SIGHUP: ignore });
    // The supervisor died: finish what is in flight, then go. node:cluster's own listener would
    // exit at once, cutting every response, so it is replaced; and with the channel gone,
    // cluster's internal sends (closing a listener) fail with an 'error' that must not crash us.
    process.removeAllListeners("disconnect");
    process.on("disconnect", () => void this.#stop(gracefulTimeout));
    process.on("error", ignore);
    process.on("message", (message: unknown) => {
      if (!isSupervisorMessage(message)) return;
      if (message.tsgi === "stop") void this.#stop(message.timeout, message.handOver);
      else if (message.tsgi === "quit") this.#quit();
    });
  }

  /** Loads the app, runs its startup(), listens, and says "ready" (or "boot-error" and exits). */
  async boot(): Promise<void> {
    const { app: spec } = this.#setup.config;
    let startedUp = false;
    let servers: AppServers;
    try {
      let app: App;
      ({ app, lifespan: this.#lifespan } = await loadAppModule(spec));
      // Before the first accept, so a pool opened here is ready for the first request.
      await runStartup(this.#lifespan, spec.module);
      startedUp = true;
      servers = this.#servers = await this.#serve(app);
    } catch (error) {
      // A bind that failed after startup() succeeded still gets its shutdown(); a failed startup() does not.
      if (startedUp) await this.#shutdown();
      return this.#bootFailed(error);
    }
    if (this.#stopping) {
      await servers.close(0);
      await this.#shutdown();
      return this.#exit(0);
    }
    send({ tsgi: "ready", binds: servers.binds });
  }

  #serve(app: App): Promise<AppServers> {
    const { config, maxRequests, multiprocess } = this.#setup;
    const options = serverOptionsFor(config, multiprocess);
    this.#accessLog = options.accessLog;
    const onRequest = (count: number): void => {
      if (count < maxRequests || this.#retired) return;
      this.#retired = true;
      this.#servers?.retire();
      send({ tsgi: "retire" });
    };
    return startAppServers(app, config, { server: options.server, ...(maxRequests > 0 ? { onRequest } : {}) });
  }

  #bootFailed(error: unknown): void {
    const message =
      error instanceof CliError || error instanceof AppLoadError ? error.message : `failed to start: ${String(error)}`;
    const original = error instanceof AppLoadError ? error.original : error instanceof CliError ? undefined : error;
    const detail = original instanceof Error ? original.stack : undefined;
    // Exit only once the message is handed to the channel, or it could be lost.
    send({ tsgi: "boot-error", message, ...(detail !== undefined ? { detail } : {}) }, () => this.#exit(BOOT_ERROR_EXIT));
    setTimeout(() => this.#exit(BOOT_ERROR_EXIT), 2000).unref();
  }

  /** The module's shutdown() runs once the worker stopped serving (SPEC §9.12); its failure is only logged. */
  #shutdown(): Promise<void> {
    return runShutdown(this.#lifespan, this.#setup.config.app.module, (text) => void process.stderr.write(text));
  }

  async #stop(timeout: number, handOver = false): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#servers === undefined) return this.#exit(0);
    await (handOver ? this.#servers.drain(timeout) : this.#servers.close(timeout));
    await this.#shutdown();
    // Let bodies' async close() run before the process goes.
    setTimeout(() => this.#exit(0), 20);
  }

  #quit(): void {
    this.#stopping = true;
    if (this.#servers === undefined) return this.#exit(0);
    void this.#servers.closeNow();
    setTimeout(() => this.#exit(0), 20);
  }

  #exit(code: number): void {
    if (this.#exiting) return;
    this.#exiting = true;
    if (this.#accessLog === undefined) process.exit(code);
    // The supervisor kills a stopping worker 2 s after its deadline: give the log 1 s to drain.
    void this.#accessLog.end(1000).then(() => process.exit(code));
  }
}
