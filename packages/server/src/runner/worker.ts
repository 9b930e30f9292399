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
  const { config } = setup;
  delete process.env[WORKER_ENV];

  // Started first, so a module whose top level never returns is caught by the supervisor's timeout.
  // The first beat at once: the supervisor's boot deadline (--timeout) starts from it.
  send({ tsgi: "heartbeat" });
  const beat = setInterval(() => send({ tsgi: "heartbeat" }), heartbeatInterval(config.timeout));
  beat.unref();

  let servers: AppServers | undefined;
  let lifespan: Lifespan = {};
  // The module's shutdown() runs once the worker stopped serving (SPEC §9.12); its failure is only logged.
  const shutdown = (): Promise<void> => runShutdown(lifespan, config.app.module, (text) => void process.stderr.write(text));
  let accessLog: LineSink | undefined;
  let stopping = false;
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    if (accessLog === undefined) process.exit(code);
    // The supervisor kills a stopping worker 2 s after its deadline: give the log 1 s to drain.
    void accessLog.end(1000).then(() => process.exit(code));
  };
  const stop = async (timeout: number, handOver = false): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (servers === undefined) return exit(0);
    await (handOver ? servers.drain(timeout) : servers.close(timeout));
    await shutdown();
    // Let bodies' async close() run before the process goes.
    setTimeout(() => exit(0), 20);
  };
  const quit = (): void => {
    stopping = true;
    if (servers === undefined) return exit(0);
    void servers.closeNow();
    setTimeout(() => exit(0), 20);
  };

  // Ctrl-C reaches the whole process group: the supervisor decides what workers do.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => void stop(config.gracefulTimeout));
  process.on("SIGQUIT", quit);
  process.on("SIGHUP", () => {});
  // The supervisor died: finish what is in flight, then go. node:cluster's own listener would
  // exit at once, cutting every response, so it is replaced; and with the channel gone,
  // cluster's internal sends (closing a listener) fail with an 'error' that must not crash us.
  process.removeAllListeners("disconnect");
  process.on("disconnect", () => void stop(config.gracefulTimeout));
  process.on("error", () => {});
  process.on("message", (message: unknown) => {
    if (!isSupervisorMessage(message)) return;
    if (message.tsgi === "stop") void stop(message.timeout, message.handOver);
    else if (message.tsgi === "quit") quit();
  });

  let app: App;
  let startedUp = false;
  try {
    ({ app, lifespan } = await loadAppModule(config.app));
    // Before the first accept, so a pool opened here is ready for the first request.
    await runStartup(lifespan, config.app.module);
    startedUp = true;
    const options = serverOptionsFor(config, setup.multiprocess);
    accessLog = options.accessLog;
    let retired = false;
    servers = await startAppServers(app, config.binds, {
      limits: config,
      server: options.server,
      ...(config.tls === undefined ? {} : { tls: config.tls, http2: config.http2 === true }),
      ...(setup.maxRequests > 0
        ? {
            onRequest: (count: number) => {
              if (count >= setup.maxRequests && !retired) {
                retired = true;
                servers?.retire();
                send({ tsgi: "retire" });
              }
            },
          }
        : {}),
    });
  } catch (error) {
    const message =
      error instanceof CliError || error instanceof AppLoadError ? error.message : `failed to start: ${String(error)}`;
    const original = error instanceof AppLoadError ? error.original : error instanceof CliError ? undefined : error;
    const detail = original instanceof Error ? original.stack : undefined;
    // A bind that failed after startup() succeeded still gets its shutdown(); a failed startup() does not.
    if (startedUp) await shutdown();
    // Exit only once the message is handed to the channel, or it could be lost.
    send({ tsgi: "boot-error", message, ...(detail !== undefined ? { detail } : {}) }, () => exit(BOOT_ERROR_EXIT));
    setTimeout(() => exit(BOOT_ERROR_EXIT), 2000).unref();
    return;
  }
  if (stopping) {
    await servers.close(0);
    await shutdown();
    return exit(0);
  }
  send({ tsgi: "ready", binds: servers.binds });
}
