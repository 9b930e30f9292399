import type { Transform } from "node:stream";
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import type { Stage } from "./stage.js";
import { zlibStage } from "./zlib-stage.js";

/** A content coding this package can produce. */
export type Encoding = "br" | "gzip" | "zstd";

/** What `compress` and the decoders pass to node:zlib. */
export interface CodingOptions {
  /** gzip/deflate level 0–9. */
  gzipLevel: number;
  /** brotli quality 0–11. */
  brotliQuality: number;
  /** zstd level 1–22. */
  zstdLevel: number;
}

// zstd is in node:zlib from Node 22.15 / 23.8; on older runtimes it is simply
// not offered (and a zstd upstream body is left alone).
type ZstdFactory = (options?: object) => zlib.Gzip;
const zlibWithZstd = zlib as unknown as { createZstdCompress?: ZstdFactory; createZstdDecompress?: ZstdFactory };
const ZSTD_COMPRESSION_LEVEL = 100; // ZSTD_c_compressionLevel
const ZSTD_E_FLUSH = 1; // ZSTD_e_flush; Z_SYNC_FLUSH's value (2) would be ZSTD_e_end and end the frame

/** The flush that pushes out what was written without ending the stream, per coding. */
function flushKindOf(coding: string): number {
  if (coding === "br") return zlib.constants.BROTLI_OPERATION_FLUSH;
  if (coding === "zstd") return ZSTD_E_FLUSH;
  return zlib.constants.Z_SYNC_FLUSH;
}

/** Whether this runtime's node:zlib has zstd. */
export const hasZstd = typeof zlibWithZstd.createZstdCompress === "function";

/** The coding name as it appears in Content-Encoding, lower-cased; x-gzip is gzip (RFC 9110 §8.4.1.3). */
export function normalizeCoding(coding: string): string {
  const lower = coding.trim().toLowerCase();
  return lower === "x-gzip" ? "gzip" : lower;
}

/** Whether `coding` (one Content-Encoding token) can be decoded here. */
export function canDecode(coding: string): boolean {
  const c = normalizeCoding(coding);
  return c === "gzip" || c === "deflate" || c === "br" || (c === "zstd" && hasZstd);
}

/** A node:zlib stream that decodes `coding`. Call only when canDecode(coding). */
export function decoderStream(coding: string): Transform {
  const c = normalizeCoding(coding);
  if (c === "br") return zlib.createBrotliDecompress();
  if (c === "zstd") return zlibWithZstd.createZstdDecompress!();
  return c === "deflate" ? zlib.createInflate() : zlib.createGunzip();
}

type OneShot = (bytes: Uint8Array, options: zlib.ZlibOptions) => Promise<Buffer>;
const decodeOnce: Record<string, OneShot | undefined> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress) as OneShot,
  zstd: hasZstd ? (promisify((zlib as unknown as { zstdDecompress: typeof zlib.gunzip }).zstdDecompress) as OneShot) : undefined,
};

/**
 * Decodes a complete body in one call, or gives undefined when it would
 * decode to more than `maxBytes` (a highly compressed body, or a
 * decompression bomb): the caller then streams it in bounded pieces instead.
 */
export async function decodeWhole(coding: string, bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | undefined> {
  try {
    return await decodeOnce[normalizeCoding(coding)]!(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") return undefined;
    throw error;
  }
}

/** A stage that encodes with `coding` (gzip, deflate, br, zstd). */
export function encoderStage(coding: string, options: CodingOptions, flush: boolean): Stage {
  const c = normalizeCoding(coding);
  const stream =
    c === "br"
      ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: options.brotliQuality } })
    : c === "zstd" ? zlibWithZstd.createZstdCompress!({ params: { [ZSTD_COMPRESSION_LEVEL]: options.zstdLevel } })
    : c === "deflate" ? zlib.createDeflate({ level: options.gzipLevel })
    : zlib.createGzip({ level: options.gzipLevel });
  return zlibStage(stream, { flush, flushKind: flushKindOf(c) });
}

const gzipOnce = promisify(zlib.gzip);
const brotliOnce = promisify(zlib.brotliCompress);
const zstdOnce = hasZstd ? promisify((zlib as unknown as { zstdCompress: typeof zlib.gzip }).zstdCompress) : undefined;

/**
 * Compresses a complete body in one call: no stream object and no flushes,
 * which is measurably cheaper per response than a stream for Array bodies.
 * It still runs on the thread pool, so the event loop is not blocked.
 */
export async function encodeWhole(coding: Encoding, bytes: Uint8Array, options: CodingOptions): Promise<Uint8Array> {
  if (coding === "br") return brotliOnce(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: options.brotliQuality } });
  if (coding === "zstd") return zstdOnce!(bytes, { params: { [ZSTD_COMPRESSION_LEVEL]: options.zstdLevel } } as zlib.ZlibOptions);
  return gzipOnce(bytes, { level: options.gzipLevel });
}
