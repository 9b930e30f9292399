import * as fs from "node:fs";
import type { Chunk } from "@tsgi/core";
import type { Piece } from "./multipart.js";
import { closeFd } from "./open-file.js";

/**
 * Bytes per read. Node 20's streams default to 16 KiB, which costs 4× the
 * reads and writes on large files (see bench/README.md); 128 KiB keeps memory
 * per download small while halving the syscalls of 64 KiB.
 */
export const READ_SIZE = 128 * 1024;

function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, buffer, 0, buffer.byteLength, position, (error, n) => (error ? reject(error) : resolve(n))),
  );
}

/**
 * A response body that streams pieces of an open file descriptor. `close()`
 * closes the descriptor exactly once, on every path: after the last chunk,
 * after an error, when the client went away, and when it was never iterated.
 * A read in flight finishes before the descriptor is closed, so the number
 * is never reused under it.
 */
export class FileBody implements AsyncIterable<Chunk> {
  readonly #fd: number;
  readonly #pieces: Piece[];
  #closed = false;
  #reading: Promise<number> | undefined;
  #closing: Promise<void> | undefined;

  constructor(fd: number, pieces: Piece[]) {
    this.#fd = fd;
    this.#pieces = pieces;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    for (const piece of this.#pieces) {
      if ("bytes" in piece) {
        yield piece.bytes;
        continue;
      }
      for (let pos = piece.range.start; pos <= piece.range.end; ) {
        if (this.#closed) return;
        const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, piece.range.end - pos + 1));
        this.#reading = readAt(this.#fd, buffer, pos);
        const n = await this.#reading.finally(() => (this.#reading = undefined));
        // A file that shrank under us must not end a response cleanly short of
        // its Content-Length: failing lets the server abort the connection.
        if (n === 0) throw new Error("the file became shorter while it was being sent");
        pos += n;
        yield n === buffer.byteLength ? buffer : buffer.subarray(0, n);
      }
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (this.#reading ?? Promise.resolve(0)).catch(() => 0).then(() => closeFd(this.#fd));
    return this.#closing;
  }
}
