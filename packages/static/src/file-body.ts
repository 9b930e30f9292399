import * as fs from "node:fs";
import type { Chunk } from "@tsgi/core";
import type { Piece } from "./multipart.js";
import { closeFd } from "./open-file.js";
import { SharedChunks } from "./shared-chunks.js";

/**
 * Bytes per read of a file larger than WHOLE_READ_MAX. Node 20's streams
 * default to 16 KiB, which costs 4× the reads and writes of 64 KiB. Ten
 * parallel 1 GiB downloads stay within test/memory.test.ts's bound with 256 KiB
 * (+6 to +15 MiB of RSS) but not with 1 MiB chunks (+84 MiB): the freed
 * chunks are garbage until V8 collects them.
 */
export const READ_SIZE = 256 * 1024;

/**
 * A range up to this size is read in one go: one Buffer, one read and one
 * write instead of eight. Every chunk is a fresh Buffer (a body cannot know
 * when the server is done with one), and V8 runs a full collection each time
 * a few MiB of such external memory have piled up, so what a MiB costs is
 * mostly its number of reads, Buffers and writes: ~25 % less CPU for a 1 MiB
 * file (bench/README.md).
 */
export const WHOLE_READ_MAX = 1024 * 1024;

const shared = new SharedChunks();

/** A file read whole whose chunk may be shared with other downloads of the same content. */
export interface WholeFile {
  /** contentIdentity() of the opened file. */
  identity: string;
  size: number;
}

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
  readonly #whole: WholeFile | undefined;
  #closed = false;
  #reading: Promise<number> | undefined;
  #closing: Promise<void> | undefined;

  /** `whole`: the file, when it is at most WHOLE_READ_MAX and `pieces` is all of it. */
  constructor(fd: number, pieces: Piece[], whole?: WholeFile) {
    this.#fd = fd;
    this.#pieces = pieces;
    this.#whole = whole;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    for (const piece of this.#pieces) {
      if ("bytes" in piece) {
        yield piece.bytes;
        continue;
      }
      const { start, end } = piece.range;
      const whole = this.#whole;
      if (whole !== undefined) {
        const chunk = shared.get(whole.identity, whole.size) ?? (await this.#readWhole(whole));
        if (this.#closed) return;
        yield chunk;
        continue;
      }
      // One read ahead: the next chunk comes off the disk while the server
      // writes this one, as a piped ReadStream does.
      const size = end - start + 1 <= WHOLE_READ_MAX ? WHOLE_READ_MAX : READ_SIZE;
      let next = start <= end ? this.#readChunk(start, end, size) : undefined;
      for (let pos = start; next !== undefined; ) {
        const chunk = await next;
        pos += chunk.byteLength;
        if (this.#closed) return;
        next = pos <= end ? this.#readChunk(pos, end, size) : undefined;
        yield chunk;
      }
    }
  }

  /** Reads the whole file in one chunk and offers it to later downloads of the same content. */
  async #readWhole(whole: WholeFile): Promise<Buffer> {
    const chunk = await this.#read(0, whole.size - 1, whole.size);
    if (chunk.byteLength === whole.size) shared.set(whole.identity, chunk);
    return chunk;
  }

  /** Starts a read; its failure surfaces where it is awaited, never as an unhandled rejection. */
  #readChunk(pos: number, end: number, size: number): Promise<Buffer> {
    const chunk = this.#read(pos, end, size);
    chunk.catch(() => {});
    return chunk;
  }

  async #read(pos: number, end: number, size: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(Math.min(size, end - pos + 1));
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
