import mime from "mime-types";

/**
 * The Content-Type of a file from its name, `charset=utf-8` added for text
 * types by mime-types; unknown types are `application/octet-stream` so a
 * browser never sniffs them into HTML (nosniff is sent too).
 */
export function contentTypeFor(fileName: string): string {
  return mime.contentType(fileName.slice(fileName.lastIndexOf("/") + 1)) || "application/octet-stream";
}
