import * as path from "node:path";
import type { Logger } from "./logger.js";

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx|json)$/;
const SKIP_DIR = /(^|[/\\])(node_modules|\.git|dist|coverage|\.turbo)([/\\]|$)/;

export interface Watcher {
  close(): Promise<void>;
}

/**
 * --reload: watches source files (and the env files) under `dirs` and calls
 * `onChange` once per burst of changes. Logs and other files are ignored, so
 * an access log inside the project cannot trigger a restart loop.
 */
export async function watchForChanges(
  dirs: readonly string[],
  extraFiles: readonly string[],
  logger: Logger,
  onChange: (file: string) => void,
): Promise<Watcher> {
  const { watch } = await import("chokidar");
  const extras = new Set(extraFiles.map((f) => path.resolve(f)));
  const watcher = watch([...dirs.map((d) => path.resolve(d)), ...extras], {
    ignoreInitial: true,
    ignored: (file, stats) => {
      if (extras.has(file)) return false;
      if (SKIP_DIR.test(file)) return true;
      if (stats === undefined || stats.isDirectory()) return false;
      return !SOURCE.test(file);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  let first = "";
  const changed = (file: string): void => {
    if (timer === undefined) first = file;
    else clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange(first);
    }, 100);
  };
  watcher.on("add", changed).on("change", changed).on("unlink", changed);
  watcher.on("error", (error) => logger.warning(`--reload: ${(error as Error).message}`));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    close: () => {
      if (timer !== undefined) clearTimeout(timer);
      // Closing chokidar from inside one of its own callbacks leaks a watcher (toolchain notes): leave the tick first.
      return new Promise((resolve) => setTimeout(() => void watcher.close().then(resolve, resolve), 0));
    },
  };
}
