import * as fs from "node:fs";

/**
 * Calls `onChange` (debounced) whenever something under `dir` changes. The
 * watcher is unref'ed so it never keeps a process alive; returns a stop
 * function. For development: production deploys call refresh() instead.
 */
export function watchRoot(dir: string, onChange: () => void, delayMs = 50): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(dir, { recursive: true, persistent: false }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        onChange();
      } catch {
        // A file vanishing mid-walk: the next event walks again.
      }
    }, delayMs);
    timer.unref();
  });
  watcher.on("error", () => {});
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
