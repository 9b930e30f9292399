import { closeSync, constants, openSync, statSync } from "node:fs";
import * as path from "node:path";
import { CliError } from "../cli/cli-error.js";
import type { Bind } from "./bind.js";
import type { ServeConfig } from "./config.js";
import { loadEnvFiles } from "./env-file.js";
import type { Logger } from "./logger.js";
import { probeBinds } from "./probe-bind.js";
import { startSupervisor, type Supervisor } from "./supervisor.js";
import { watchForChanges, type Watcher } from "./watch.js";

export interface Serving {
  supervisor: Supervisor;
  binds: Bind[];
  /** Resolves with the exit code once everything has stopped. */
  done: Promise<number>;
}

/**
 * What `tsgi serve` does once the options are checked: load the env files,
 * check the addresses, start the supervisor and, with --reload, the watcher.
 * Resolves once the first workers listen; rejects with a CliError otherwise.
 */
export async function startServing(
  config: ServeConfig,
  options: { exec: string; logger: Logger; handleSignals: boolean },
): Promise<Serving> {
  loadEnvFiles(config.envFiles);
  checkAccessLog(config.accessLog);
  if (config.reload) checkReloadDirs(config.reloadDirs);
  const binds = await probeBinds(config.binds);
  const resolved: ServeConfig = { ...config, binds };
  const { logger } = options;
  logger.info(`Starting tsgi with ${config.workers} worker${config.workers === 1 ? "" : "s"}`);
  const supervisor = startSupervisor(resolved, options);
  let watcher: Watcher | undefined;
  if (config.reload) {
    const dirs = config.reloadDirs.length > 0 ? config.reloadDirs : [process.cwd()];
    watcher = await watchForChanges(dirs, config.envFiles, logger, (file) => {
      supervisor.reload(`Detected a change in ${path.relative(process.cwd(), file) || file}`);
    });
  }
  const done = supervisor.done.then(async (code) => {
    await watcher?.close();
    return code;
  });
  try {
    await supervisor.ready;
  } catch (error) {
    await done;
    throw error;
  }
  return { supervisor, binds, done };
}

/** Opens the access log once here, so a bad path is one clear error instead of N workers failing to boot. */
export function checkAccessLog(file: string | undefined): void {
  if (file === undefined || file === "-") return;
  try {
    // Non-blocking: opening a FIFO with no reader would otherwise wait forever (it fails with ENXIO instead).
    closeSync(openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o666));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENXIO" ? "a pipe that nothing reads" : (code ?? (error as Error).message);
    throw new CliError(`cannot open --access-log "${file}": ${reason}`);
  }
}

/** chokidar watches a missing directory without a word: --reload would then never fire. */
function checkReloadDirs(dirs: readonly string[]): void {
  for (const dir of dirs) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // Reported below.
    }
    if (!isDir) throw new CliError(`cannot watch --reload-dir "${dir}": no such directory`);
  }
}
