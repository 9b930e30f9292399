import { randomBytes } from "node:crypto";
import type { ByteRange } from "./ranges.js";

const encoder = new TextEncoder();

/** One piece of a multipart/byteranges body: literal bytes, or a range of the file. */
export type Piece = { bytes: Uint8Array } | { range: ByteRange };

export interface MultipartPlan {
  contentType: string;
  length: number;
  pieces: Piece[];
}

/**
 * Lays out a multipart/byteranges body (RFC 9110 §14.6): for each range a
 * boundary, Content-Type and Content-Range, then the bytes; a closing boundary
 * at the end. The length is exact, so Content-Length can be sent.
 */
export function planMultipart(ranges: ByteRange[], size: number, contentType: string): MultipartPlan {
  const boundary = randomBytes(12).toString("hex");
  const pieces: Piece[] = [];
  let length = 0;
  ranges.forEach((range, i) => {
    const head = encoder.encode(
      `${i === 0 ? "" : "\r\n"}--${boundary}\r\nContent-Type: ${contentType}\r\n` +
        `Content-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`,
    );
    pieces.push({ bytes: head }, { range });
    length += head.byteLength + range.end - range.start + 1;
  });
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  pieces.push({ bytes: tail });
  length += tail.byteLength;
  return { contentType: `multipart/byteranges; boundary=${boundary}`, length, pieces };
}
