import { constants, type BrotliCompress, type Gzip } from "node:zlib";
import type { Chunk } from "@tsgi/core";
import type { Stage } from "./stage.js";

type ZlibStream = Gzip | BrotliCompress;

/**
 * A node:zlib stream (compressor or decompressor) as a pipeline stage. With
 * `flush`, each pushed chunk is flushed through (Z_SYNC_FLUSH / BROTLI
 * FLUSH), so whatever the upstream yielded reaches the client now: that is
 * what lets server-sent events stream through compression.
 */
export function zlibStage(stream: ZlibStream, options: { flush: boolean; brotli: boolean }): Stage {
  const out: Chunk[] = [];
  let failure: unknown;
  let destroyed = false;
  stream.on("data", (chunk: Chunk) => out.push(chunk));
  stream.on("error", (error) => {
    failure = error;
  });
  const flushKind = options.brotli ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH;
  const take = (): Chunk[] => {
    if (failure !== undefined) throw failure;
    return out.splice(0);
  };
  return {
    push(chunk) {
      if (chunk.byteLength === 0) return take();
      return new Promise((resolve, reject) => {
        const settle = (): void => {
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
        stream.flush(flushKind, settle);
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
