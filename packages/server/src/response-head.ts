import { checkResponseHead, type HeaderList } from "@tsgi/core";

/** A status and header list from startResponse, checked and flattened for `res.writeHead`. */
export interface ResponseHead {
  code: number;
  reason: string;
  /** `[name, value, name, value, …]` as `res.writeHead` takes it. */
  flat: string[];
  /** The app's Content-Length, or -1 when it gave none. */
  contentLength: number;
}

/**
 * Checks what an app passed to startResponse (SPEC §5.2, §5.3) with core's
 * checkResponseHead (which also refuses a status that is not a final one), and flattens
 * the headers for `res.writeHead`.
 */
export function parseResponseHead(status: unknown, headers: unknown): ResponseHead {
  const { code, reason, contentLength } = checkResponseHead(status, headers);
  const list = headers as HeaderList;
  if (code === 204 && contentLength !== -1) return { code, reason, flat: withoutContentLength(list), contentLength: -1 };
  const flat = new Array<string>(list.length * 2);
  for (let i = 0; i < list.length; i++) {
    const header = list[i]!;
    flat[i * 2] = header[0];
    flat[i * 2 + 1] = header[1];
  }
  return { code, reason, flat, contentLength };
}

/** A 204 must not carry Content-Length (RFC 9110 §8.6); apps often send `0` anyway, so it is dropped, not refused. */
function withoutContentLength(list: HeaderList): string[] {
  const flat: string[] = [];
  for (const [name, value] of list) if (name.toLowerCase() !== "content-length") flat.push(name, value);
  return flat;
}
