import type { RequestFacts } from "./report-error.js";

// Characters that are safe in a header, a log line, an HTML page and a URI
// reference (the problem+json `instance`) without any escaping.
const SANE_ID = /^[A-Za-z0-9._~:+=@/-]{1,128}$/;

/**
 * The request id of an error: the client's (or proxy's) id when it is a sane
 * token of at most 128 characters, so one id follows the request through
 * every log; otherwise a fresh random UUID.
 */
function requestId(incoming: unknown): string {
  if (typeof incoming === "string" && SANE_ID.test(incoming)) return incoming;
  return crypto.randomUUID();
}

/** The request id of `request`, chosen on its first error, so every error of one request shares it. */
export function requestIdOf(request: RequestFacts, key: string): string {
  return (request.requestId ??= requestId(request.environ[key]));
}
