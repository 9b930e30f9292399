import * as fs from "node:fs";

export interface LineSink {
  write(line: string): void;
  /** Writes what is buffered, synchronously (used just before exit). */
  flush(): void;
}

const MAX_BUFFER = 64 * 1024;

/**
 * Appends lines to a file (or stdout for `-`), batching the lines of one
 * event-loop turn into one write. The file is opened with O_APPEND so several
 * workers can share it: each write holds whole lines, so lines never interleave.
 */
export function openLineSink(target: string): LineSink {
  const fd = target === "-" ? 1 : fs.openSync(target, "a");
  let buffer = "";
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (buffer === "") return;
    const text = buffer;
    buffer = "";
    try {
      fs.writeSync(fd, text);
    } catch {
      // A closed stdout or a full disk must not take the server down with it.
    }
  };
  return {
    write(line: string) {
      buffer += line;
      if (buffer.length >= MAX_BUFFER) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
