import { fileURLToPath } from "node:url";
import type { App } from "@tsgi/core";
import { bindUrl } from "./runner/bind.js";
import { serveInProcess } from "./runner/in-process.js";
import { createLogger } from "./runner/logger.js";
import { resolveConfig, resolveSettings, type ServeSettings } from "./runner/settings.js";
import { startServing } from "./runner/start.js";

/**
 * The options of `tsgi serve`, camel-cased, in the same units (seconds;
 * bytes as a number or `"10m"`). Give `app` to serve a function in this
 * process, or `module` to run a supervisor with cluster workers.
 */
export interface RunOptions extends ServeSettings {
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

/**
 * `tsgi serve` as a function. Resolves once every bind is listening; rejects
 * with the message the CLI would print (bad option, missing module, port in
 * use, app that cannot load).
 */
export async function run(options: RunOptions): Promise<RunningServer> {
  if ((options.app === undefined) === (options.module === undefined)) {
    throw new TypeError("run() needs exactly one of `app` (a function, served in this process) or `module` (a path, served by workers)");
  }
  const { app, module, signals = true, ...settings } = options;
  return module !== undefined ? runModule(module, settings, signals) : runApp(app!, settings, signals);
}

async function runModule(module: string, settings: ServeSettings, handleSignals: boolean): Promise<RunningServer> {
  const config = resolveConfig(module, settings);
  const logger = createLogger(config.logLevel);
  const exec = fileURLToPath(new URL("./cli.js", import.meta.url));
  const serving = await startServing(config, { exec, logger, handleSignals });
  return {
    urls: serving.binds.map((bind) => bindUrl(bind, config.tls === undefined ? "http" : "https")),
    close: () => serving.supervisor.stop().then(() => undefined),
    reload: () => serving.supervisor.reload(),
    closed: serving.done.then(() => undefined),
  };
}

async function runApp(app: App, options: ServeSettings, handleSignals: boolean): Promise<RunningServer> {
  if (typeof app !== "function") throw new TypeError("run(): `app` must be a function (environ, startResponse) => body");
  const settings = resolveSettings(options);
  if (settings.workers !== 1 || settings.maxRequests > 0 || settings.reload) {
    throw new TypeError(
      "run({ app }) serves in this process: workers, maxRequests and reload need `module` (each worker loads the module itself)",
    );
  }
  const serving = await serveInProcess(app, settings, handleSignals);
  const scheme = settings.tls === undefined ? "http" : "https";
  return {
    urls: serving.binds.map((bind) => bindUrl(bind, scheme)),
    close: () => serving.stop(),
    reload: () => {
      throw new TypeError("run({ app }) cannot reload: the app function is already loaded; use `module`");
    },
    closed: serving.closed,
  };
}
