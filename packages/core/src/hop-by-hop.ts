const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "trailers",
  "transfer-encoding",
  "upgrade",
]);

/**
 * True for header names that describe one connection rather than the message
 * (RFC 9110 §7.6.1). Apps must not send them: the server owns the connection.
 * `trailers` is listed as well as `trailer` because wsgiref's list has the typo.
 */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name.toLowerCase());
}
