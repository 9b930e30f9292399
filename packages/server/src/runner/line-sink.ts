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
  return new QueuedLineSink(stream, maxPending, report);
}

class QueuedLineSink implements LineSink {
  readonly #stream: Writable;
  readonly #maxPending: number;
  readonly #report: (text: string) => void;
  readonly #queue = new LineQueue();
  /** Called whenever the queue runs empty: end() waits on it. */
  readonly #idle = new Set<() => void>();
  #writing = false;
  #scheduled = false;
  #dropped = 0;
  #broken: string | undefined;

  constructor(stream: Writable, maxPending: number, report: (text: string) => void) {
    this.#stream = stream;
    this.#maxPending = maxPending;
    this.#report = report;
    stream.on("error", (error: NodeJS.ErrnoException) => this.#fail(error));
  }

  write(line: string): void {
    if (this.#broken !== undefined) return;
    if (this.#queue.pending + line.length > this.#maxPending) {
      if (this.#dropped++ === 0) this.#say("its reader is not keeping up: dropping lines until it does (the count follows)");
      return;
    }
    this.#queue.push(line);
    // Lines of one event-loop turn go out in one write.
    if (!this.#writing && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#pump());
    }
  }

  end(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#idle.delete(done);
        this.#tellDropped();
        const left = this.#queue.pending;
        if (left > 0 && this.#broken === undefined) this.#say(`${left} bytes were still unwritten when the process had to exit`);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#idle.add(done);
      this.#pump();
    });
  }

  #pump(): void {
    this.#scheduled = false;
    if (this.#writing) return;
    const text = this.#broken === undefined ? this.#queue.take(ATOMIC_WRITE) : undefined;
    if (text === undefined) {
      this.#tellDropped();
      for (const callback of this.#idle) callback();
      return;
    }
    this.#writing = true;
    this.#stream.write(text, (error) => {
      this.#writing = false;
      this.#queue.written(text.length);
      if (error) this.#fail(error);
      this.#pump();
    });
  }

  #say(text: string): void {
    this.#report(`[tsgi] (pid ${process.pid}) access log: ${text}\n`);
  }

  #tellDropped(): void {
    if (this.#dropped === 0) return;
    const lines = `${this.#dropped} line${this.#dropped === 1 ? "" : "s"}`;
    this.#say(`dropped ${lines}: its reader did not keep up with ${this.#maxPending} bytes buffered`);
    this.#dropped = 0;
  }

  #fail(error: NodeJS.ErrnoException): void {
    if (this.#broken === undefined) this.#say(`cannot write any more (${error.code ?? error.message}); further lines are dropped`);
    this.#broken = error.code ?? error.message;
    this.#queue.clear();
  }
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
