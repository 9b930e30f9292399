import type { App, Body, Environ, StartResponse } from "@tsgi/core";

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A promise with its resolve function outside, for "wait until the test says so". */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Records the environ an app was called with and answers 200 with `body`. */
export function recordingApp(body: Body = [encode("ok")]): { app: App; seen: Environ[] } {
  const seen: Environ[] = [];
  const app: App = (environ, startResponse) => {
    seen.push(environ);
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return body;
  };
  return { app, seen };
}

/** Counts close() calls on the bodies it returns. */
export function closeCounter(): { count: () => number; track: (body: Body) => Body } {
  let n = 0;
  return {
    count: () => n,
    track: (body) => Object.assign(body, { close: () => void n++ }),
  };
}

/** Calls an app directly, as a server would, collecting status, headers and body. */
export async function callDirect(
  app: App,
  environ: Environ,
): Promise<{ status: string; headers: [string, string][]; chunks: Uint8Array[]; close: () => Promise<void> }> {
  let status = "";
  let headers: [string, string][] = [];
  const startResponse: StartResponse = (s, h) => {
    status = s;
    headers = h;
  };
  const body = await app(environ, startResponse);
  const chunks: Uint8Array[] = [];
  const iterable = body as AsyncIterable<Uint8Array>;
  for await (const chunk of iterable) chunks.push(chunk);
  return { status, headers, chunks, close: async () => void (await body.close?.()) };
}

import { buildEnviron, createErrorStream, createInputStream, emptyInput, shiftPathInfo } from "@tsgi/core";

/** An environ as a server builds it, optionally mounted: `mount: 1` shifts one segment onto SCRIPT_NAME. */
export function makeEnviron(
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array[]; mount?: number; remoteAddr?: string } = {},
): Environ {
  const rawHeaders = ["Host", "example.com"];
  for (const [name, value] of Object.entries(options.headers ?? {})) rawHeaders.push(name, value);
  const environ = buildEnviron({
    method: options.method ?? "GET",
    target,
    rawHeaders,
    serverName: "example.com",
    serverPort: "80",
    remoteAddr: options.remoteAddr,
    input: options.body ? createInputStream((async function* () { yield* options.body!; })()) : emptyInput,
    errors: createErrorStream(() => {}),
  });
  for (let i = 0; i < (options.mount ?? 0); i++) shiftPathInfo(environ);
  return environ;
}
