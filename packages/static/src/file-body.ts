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
      const { start, end } = piece.range;
      // One read ahead: the next chunk comes off the disk while the server
      // writes this one, as a piped ReadStream does.
      let next = start <= end ? this.#readChunk(start, end) : undefined;
      for (let pos = start; next !== undefined; ) {
        const chunk = await next;
        pos += chunk.byteLength;
        if (this.#closed) return;
        next = pos <= end ? this.#readChunk(pos, end) : undefined;
        yield chunk;
      }
    }
  }

  /** Starts a read; its failure surfaces where it is awaited, never as an unhandled rejection. */
  #readChunk(pos: number, end: number): Promise<Buffer> {
    const chunk = this.#read(pos, end);
    chunk.catch(() => {});
    return chunk;
  }

  async #read(pos: number, end: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, end - pos + 1));
    const reading = readAt(this.#fd, buffer, pos);
    this.#reading = reading;
    const n = await reading.finally(() => {
      if (this.#reading === reading) this.#reading = undefined;
    });
    // A file that shrank under us must not end a response cleanly short of
    // its Content-Length: failing lets the server abort the connection.
    if (n === 0) throw new Error("the file became shorter while it was being sent");
    return n === buffer.byteLength ? buffer : buffer.subarray(0, n);
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (this.#reading ?? Promise.resolve(0)).catch(() => 0).then(() => closeFd(this.#fd));
    return this.#closing;
  }
}
