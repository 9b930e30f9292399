import * as fs from "node:fs";
import type { Writable } from "node:stream";

export interface LineSink {
  write(line: string): void;
  /** Resolves once every accepted line is written, or after `ms`; reports lines dropped or left. */
  end(ms: number): Promise<void>;
}

export interface LineSinkOptions {
  /** Bytes buffered for a slow reader before lines are dropped. */
  maxPending?: number;
  /** Where drops are reported. Default: stderr. */
  report?: (text: string) => void;
}

/** 16 MiB: about 80,000 combined-format lines, several seconds of a stalled reader at full load. */
export const MAX_PENDING = 16 * 1024 * 1024;

/**
 * PIPE_BUF on Linux: a write this small to a pipe goes in whole or not at all,
 * so lines from several workers sharing one stdout pipe never interleave.
 */
export const ATOMIC_WRITE = 4096;

function stderr(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr gone too: nowhere left to say it.
  }
}

/**
 * Appends lines to a file (or stdout for `-`). A file is opened with O_APPEND
 * so several workers can share it. Writes go through a stream, so a pipe
 * whose reader is slow (docker's and kubernetes' log pipes) is waited for
 * instead of failing with EAGAIN: see createLineSink.
 */
export function openLineSink(target: string, options: LineSinkOptions = {}): LineSink {
  const stream: Writable = target === "-" ? process.stdout : fs.createWriteStream("", { fd: fs.openSync(target, "a") });
  return createLineSink(stream, options);
}

/**
 * Queues lines and writes them one batch at a time, each batch whole lines
 * of at most ATOMIC_WRITE bytes (a longer line goes alone). Up to
 * `maxPending` a slow reader costs memory only: nothing waits for it. Past
 * that, lines are dropped and counted, and the count goes to `report` once
 * the reader catches up (or at the end): never lost silently.
 */
export function createLineSink(stream: Writable, { maxPending = MAX_PENDING, report = stderr }: LineSinkOptions = {}): LineSink {
  const queue = new LineQueue();
  let writing = false;
  let scheduled = false;
  let dropped = 0;
  let broken: string | undefined;
  const idle = new Set<() => void>();
  const say = (text: string) => report(`[tsgi] (pid ${process.pid}) access log: ${text}\n`);
  const tellDropped = (): void => {
    if (dropped === 0) return;
    say(`dropped ${dropped} line${dropped === 1 ? "" : "s"}: its reader did not keep up with ${maxPending} bytes buffered`);
    dropped = 0;
  };
  const fail = (error: NodeJS.ErrnoException): void => {
    if (broken === undefined) say(`cannot write any more (${error.code ?? error.message}); further lines are dropped`);
    broken = error.code ?? error.message;
    queue.clear();
  };
  stream.on("error", fail);
  const pump = (): void => {
    scheduled = false;
    if (writing) return;
    const text = broken === undefined ? queue.take(ATOMIC_WRITE) : undefined;
    if (text === undefined) {
      tellDropped();
      for (const callback of idle) callback();
      return;
    }
    writing = true;
    stream.write(text, (error) => {
      writing = false;
      queue.written(text.length);
      if (error) fail(error);
      pump();
    });
  };
  return {
    write(line: string) {
      if (broken !== undefined) return;
      if (queue.pending + line.length > maxPending) {
        if (dropped++ === 0) say("its reader is not keeping up: dropping lines until it does (the count follows)");
        return;
      }
      queue.push(line);
      // Lines of one event-loop turn go out in one write.
      if (!writing && !scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    },
    end: (ms) =>
      new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          idle.delete(done);
          tellDropped();
          if (queue.pending > 0 && broken === undefined) say(`${queue.pending} bytes were still unwritten when the process had to exit`);
          resolve();
        };
        const timer = setTimeout(done, ms);
        idle.add(done);
        pump();
      }),
  };
}

/** Lines waiting to be written, and the bytes (ASCII: the access log escapes the rest) not yet written. */
class LineQueue {
  #lines: string[] = [];
  #head = 0;
  #pending = 0;

  get pending(): number {
    return this.#pending;
  }

  push(line: string): void {
    this.#lines.push(line);
    this.#pending += line.length;
  }

  /** Whole lines up to `limit` characters (at least one), or undefined when empty. */
  take(limit: number): string | undefined {
    const lines = this.#lines;
    if (this.#head === lines.length) return undefined;
    let text = lines[this.#head++]!;
    while (this.#head < lines.length && text.length + lines[this.#head]!.length <= limit) text += lines[this.#head++]!;
    if (this.#head === lines.length) this.#clearTaken();
    else if (this.#head > 1024) {
      lines.splice(0, this.#head);
      this.#head = 0;
    }
    return text;
  }

  written(length: number): void {
    // After clear() (a broken stream) the write in flight is already forgotten.
    this.#pending = Math.max(0, this.#pending - length);
  }

  clear(): void {
    this.#lines = [];
    this.#head = 0;
    this.#pending = 0;
  }

  #clearTaken(): void {
    this.#lines = [];
    this.#head = 0;
  }
}
