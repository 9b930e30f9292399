import * as fs from "node:fs";
import type { Writable } from "node:stream";

export interface LineSink {
  write(line: string): void;
  /** Resolves once every accepted line is written, or after `ms`; reports lines dropped or left. */
  end(ms: number): Promise<void>;
}

export interface LineSinkOptions {
  /** Bytes (UTF-16 units) buffered for a slow reader before lines are dropped. */
  maxPending?: number;
  /** Where drops are reported. Default: stderr. */
  report?: (text: string) => void;
}

/** 16 MiB: about 80,000 combined-format lines, several seconds of a stalled reader at full load. */
export const MAX_PENDING = 16 * 1024 * 1024;

function stderr(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr gone too: nowhere left to say it.
  }
}

/**
 * Appends lines to a file (or stdout for `-`), batching the lines of one
 * event-loop turn into one write. A file is opened with O_APPEND so several
 * workers can share it: each write holds whole lines, so lines never
 * interleave. Writes go through a stream, so a pipe whose reader is slow
 * (docker's and kubernetes' log pipes) is waited for instead of failing with
 * EAGAIN: see createLineSink.
 */
export function openLineSink(target: string, options: LineSinkOptions = {}): LineSink {
  const stream: Writable = target === "-" ? process.stdout : fs.createWriteStream("", { fd: fs.openSync(target, "a") });
  return createLineSink(stream, options);
}

/**
 * Up to `maxPending` a slow reader costs memory only: nothing waits for it.
 * Past that, lines are dropped and counted, and the count goes to stderr once
 * the reader catches up (or at the end): never lost silently.
 */
export function createLineSink(stream: Writable, { maxPending = MAX_PENDING, report = stderr }: LineSinkOptions = {}): LineSink {
  let buffer = "";
  let scheduled = false;
  let dropped = 0;
  let broken: string | undefined;
  const say = (text: string) => report(`[tsgi ${process.pid}] access log: ${text}\n`);
  const tellDropped = (): void => {
    if (dropped === 0) return;
    say(`dropped ${dropped} line${dropped === 1 ? "" : "s"}: its reader did not keep up with ${maxPending} bytes buffered`);
    dropped = 0;
  };
  stream.on("drain", tellDropped);
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (broken === undefined) say(`cannot write any more (${error.code ?? error.message}); further lines are dropped`);
    broken = error.code ?? error.message;
  });
  let inflight = 0;
  const idle = new Set<() => void>();
  const written = (): void => {
    if (--inflight === 0) for (const callback of idle) callback();
  };
  const flush = (): void => {
    scheduled = false;
    if (buffer === "" || broken !== undefined) return;
    const text = buffer;
    buffer = "";
    inflight++;
    stream.write(text, written);
  };
  const finish = (): void => {
    tellDropped();
    const left = stream.writableLength;
    if (left > 0 && broken === undefined) say(`${left} bytes were still unwritten when the process had to exit`);
  };
  return {
    write(line: string) {
      if (broken !== undefined) return;
      if (stream.writableLength + buffer.length + line.length > maxPending) {
        if (dropped++ === 0) say("its reader is not keeping up: dropping lines until it does (the count follows)");
        return;
      }
      buffer += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    end(ms) {
      flush();
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          idle.delete(done);
          finish();
          resolve();
        };
        const timer = setTimeout(done, ms);
        if (inflight === 0 || broken !== undefined) done();
        else idle.add(done);
      });
    },
  };
}
