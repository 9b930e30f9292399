import { addVary, chooseEncoding, concat, getAllHeaders, getHeader, setHeader, type App } from "@tsgi/core";
import compressible from "compressible";
import { encodeWhole, encoderStage, hasZstd, type Encoding } from "./content-coding.js";
import { checkFunction, checkNumber } from "./check-options.js";
import { parseMediaType } from "./media-type.js";
import type { When } from "./options.js";
import { forgetByteMetadata } from "./response-metadata.js";
import { rewriteResponse, type ResponseView } from "./rewrite-response.js";
import { whyUntouchable } from "./skip-rules.js";

export interface CompressOptions {
  /** Codings to offer, in order of preference when the client weighs them equally. zstd is skipped where node:zlib lacks it. Default: `["br", "zstd", "gzip"]`. */
  encodings?: readonly Encoding[];
  /** Bodies known to be smaller than this many bytes are sent as they are. Bodies of unknown length are compressed. Default: `1024`. */
  threshold?: number;
  /** Which media types to compress. Default: what the `compressible` package (mime-db) marks compressible. */
  types?: (mediaType: string) => boolean;
  /** Which responses to compress, on top of the rules above. */
  when?: When;
  /** gzip level 0–9. Default: 6 (zlib's default). */
  gzipLevel?: number;
  /** brotli quality 0–11. Default: 4 (node's default of 11 is far too slow for responses made per request). */
  brotliQuality?: number;
  /** zstd level 1–22. Default: 3. */
  zstdLevel?: number;
  /** Flush the compressor after each upstream chunk, so streams (server-sent events) arrive as they are made. Default: `true`. */
  flush?: boolean;
}

const isCompressible = (mediaType: string): boolean => compressible(mediaType) === true;

/**
 * Compresses responses with br, gzip or (where node:zlib has it) zstd, as
 * the request's Accept-Encoding (with q-values) allows. Adds
 * `Vary: Accept-Encoding` to every response it could have compressed, never
 * touches one that already has a Content-Encoding, and keeps the headers
 * true of the compressed bytes.
 */
export function compress(app: App, options: CompressOptions = {}): App {
  checkCompressOptions(options);
  const encodings = (options.encodings ?? ["br", "zstd", "gzip"]).filter((e) => e !== "zstd" || hasZstd);
  const threshold = options.threshold ?? 1024;
  const types = options.types ?? isCompressible;
  const flush = options.flush ?? true;
  const coding = {
    gzipLevel: options.gzipLevel ?? 6,
    brotliQuality: options.brotliQuality ?? 4,
    zstdLevel: options.zstdLevel ?? 3,
  };
  const couldCompress = ({ environ, code, headers }: ResponseView): boolean => {
    if (whyUntouchable(code, headers) !== undefined) return false;
    if (getAllHeaders(headers, "Content-Encoding").some((v) => v.trim() !== "" && v.trim().toLowerCase() !== "identity")) return false;
    const type = parseMediaType(getHeader(headers, "Content-Type"));
    if (type === undefined || !types(type.essence)) return false;
    return options.when === undefined || options.when(code, headers, environ);
  };
  return rewriteResponse(app, (view) => {
    if (!couldCompress(view)) return undefined;
    const { environ, headers, length } = view;
    // The response depends on Accept-Encoding whether or not this one is compressed.
    addVary(headers, "Accept-Encoding");
    if (length !== undefined && length < threshold) return undefined;
    const encoding = chooseEncoding(environ.HTTP_ACCEPT_ENCODING, encodings);
    if (encoding === undefined || encoding === "identity") return undefined;
    return {
      makeStage: () => encoderStage(encoding, coding, flush),
      whole: async (chunks) => [await encodeWhole(encoding, chunks.length === 1 ? chunks[0]! : concat(chunks), coding)],
      editHeaders(h, newLength) {
        setHeader(h, "Content-Encoding", encoding);
        addVary(h, "Accept-Encoding");
        forgetByteMetadata(h, newLength);
      },
    };
  });
}

const KNOWN: readonly string[] = ["br", "zstd", "gzip"];

function checkCompressOptions(options: CompressOptions): void {
  checkNumber("compress", "threshold", options.threshold, 0, Number.MAX_SAFE_INTEGER);
  checkNumber("compress", "gzipLevel", options.gzipLevel, 0, 9);
  checkNumber("compress", "brotliQuality", options.brotliQuality, 0, 11);
  checkNumber("compress", "zstdLevel", options.zstdLevel, 1, 22);
  checkFunction("compress", "types", options.types);
  checkFunction("compress", "when", options.when);
  const bad = (options.encodings ?? []).find((e) => !KNOWN.includes(e));
  if (bad !== undefined) throw new TypeError(`compress: options.encodings may hold "br", "zstd" and "gzip", got ${JSON.stringify(bad)}`);
}
