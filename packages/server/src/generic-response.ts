import type { ServerResponse } from "node:http";
import { STATUS_REASONS } from "@tsgi/core";

const encoder = new TextEncoder();
const bodies = new Map<number, Uint8Array>();

/**
 * Writes a short text/plain response whose body is only the reason phrase:
 * the server's own error pages never carry an error's message or stack.
 */
export function sendGenericResponse(res: ServerResponse, code: number, head: boolean, close: boolean): number {
  const reason = STATUS_REASONS[code] ?? "Error";
  let body = bodies.get(code);
  if (body === undefined) {
    body = encoder.encode(reason);
    bodies.set(code, body);
  }
  const headers = ["Content-Type", "text/plain; charset=utf-8", "Content-Length", String(body.byteLength)];
  if (close) headers.push("Connection", "close");
  res.writeHead(code, reason, headers);
  res.end(head ? undefined : body);
  return head ? 0 : body.byteLength;
}
