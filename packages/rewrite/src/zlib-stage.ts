import type { BrotliCompress, Gzip } from "node:zlib";
import type { Chunk } from "@tsgi/core";
import type { Stage } from "./stage.js";

type ZlibStream = Gzip | BrotliCompress;

/**
 * A node:zlib stream (compressor or decompressor) as a pipeline stage. With
 * `flush`, each pushed chunk is flushed through with `flushKind`, so whatever
 * the upstream yielded reaches the client now: that is what lets server-sent
 * events stream through compression.
 */
export function zlibStage(stream: ZlibStream, options: { flush: boolean; flushKind: number }): Stage {
  const out: Chunk[] = [];
  let failure: unknown;
  let destroyed = false;
  stream.on("data", (chunk: Chunk) => out.push(chunk));
  stream.on("error", (error) => {
    failure = error;
  });
  // One chunk per push: a flushed compressor emits its output in pieces, and
  // one write per upstream chunk is cheaper for the server and the client.
  const take = (): Chunk[] => {
    if (failure !== undefined) throw failure;
    const pieces = out.splice(0);
    return pieces.length <= 1 ? pieces : [Buffer.concat(pieces)];
  };
  return {
    push(chunk) {
      if (chunk.byteLength === 0) return take();
      return new Promise((resolve, reject) => {
        // A corrupt input makes zlib emit 'error' and never call back.
        const fail = (error: unknown): void => reject(error);
        stream.once("error", fail);
        const settle = (): void => {
          stream.off("error", fail);
          try {
            resolve(take());
          } catch (error) {
            reject(error);
          }
        };
        if (!options.flush) {
          stream.write(chunk, settle);
          return;
        }
        stream.write(chunk);
        stream.flush(options.flushKind, settle);
      });
    },
    end() {
      return new Promise((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        stream.once("error", reject);
        stream.once("end", () => resolve(take()));
        stream.end();
      });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stream.destroy();
    },
  };
}
