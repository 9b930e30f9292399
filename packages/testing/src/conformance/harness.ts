import {
  InnerBody,
  createErrorStream,
  getHeader,
  validate,
  withStartResponse,
  type App,
  type Body,
  type Chunk,
  type Environ,
  type HeaderList,
  type Middleware,
} from "@tsgi/core";
import type { ResponseReader } from "../response-reader.js";
import { serveInProcess } from "../serve-in-process.js";
import { testClient } from "../test-client.js";
import type { Probe } from "./probe.js";

/** A request the kit sends. */
export interface KitRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: Uint8Array | AsyncIterable<Uint8Array>;
}

/** How the kit's server reads the middleware's response. */
export type ReadMode =
  | { kind: "full" }
  /** Reads even a 204/304 body to the end, to see whether it holds bytes (a server would not look). */
  | { kind: "drain" }
  | { kind: "never-iterate" }
  | { kind: "abort"; afterChunks: number };

/** What the kit's server saw of one response. */
export interface Served {
  status: string | undefined;
  headers: HeaderList;
  bytes: Chunk[];
  /** The error the server answered with its own 500 (before the headers). */
  errorBeforeHeaders: unknown;
  /** The error that cut the response after the headers (the server aborts). */
  errorAfterHeaders: unknown;
  /**
   * What the validators reported: `inside` between the middleware and the
   * inner app (the middleware as a server), `outside` between the kit's
   * server and the middleware (the middleware as an app).
   */
  violations: { side: "inside" | "outside"; rule: string; message: string }[];
  /** Any other line written to tsgi.errors. */
  log: string[];
}

const VIOLATION = /^tsgi\.validate: \[([a-z0-9.-]+)\] (.*)$/s;

/**
 * Serves one request through `validate(factory(validate(inner)))` the way
 * @tsgi/server does — the test client's in-process server: status and
 * headers with the first non-empty chunk, HEAD and 204/304 bodies not read,
 * a generic 500 for an error before the headers, an abort after them, and on
 * a client abort the iterator's return() not awaited, then close(). Both
 * validators report (not throw), so one run collects every broken rule.
 */
export async function serveThrough(factory: Middleware, inner: App, probe: Probe, request: KitRequest, read: ReadMode, refuses = false): Promise<Served> {
  const served: Served = { status: undefined, headers: [], bytes: [], errorBeforeHeaders: undefined, errorAfterHeaders: undefined, violations: [], log: [] };
  const environ = await buildEnviron(request, served);
  const innerSide = validate(inner, { mode: "report" });
  // The inner validator reports to its own stream, so each finding says which side of the middleware broke it.
  const watchedInner: App = (env, startResponse) =>
    innerSide({ ...env, "tsgi.errors": createErrorStream((text) => record(text, served, "inside")) }, startResponse);
  const outer = counted(validate(factory(watchedInner), { mode: "report" }), probe);
  const app = refuses ? refusing(outer) : outer;
  if (read.kind === "drain" || read.kind === "never-iterate") {
    await driveDirectly(app, environ, served, read.kind === "drain");
    return served;
  }
  try {
    const exchange = await serveInProcess(app, environ, true);
    served.status = exchange.status;
    served.headers = exchange.headers;
    served.errorBeforeHeaders = exchange.error;
    await readBody(exchange.body, served, read.kind === "abort" ? read.afterChunks : Infinity);
  } catch (error) {
    served.errorBeforeHeaders ??= error;
  }
  return served;
}

async function buildEnviron(request: KitRequest, served: Served): Promise<Environ> {
  const client = testClient(() => [], { validate: false });
  const options = request.body === undefined ? { headers: request.headers } : { headers: request.headers, body: request.body };
  const environ = await client.environFor(request.method, request.path, options);
  environ["tsgi.errors"] = createErrorStream((text) => record(text, served, "outside"));
  return environ;
}

function record(text: string, served: Served, side: "inside" | "outside"): void {
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const match = VIOLATION.exec(line);
    if (match !== null) served.violations.push({ side, rule: match[1]!, message: match[2]! });
    else served.log.push(line);
  }
}

async function readBody(reader: ResponseReader, served: Served, limit: number): Promise<void> {
  try {
    while (served.bytes.length < limit) {
      const step = await reader.next();
      if (step.done) return;
      served.bytes.push(step.value);
    }
    await reader.cancel();
  } catch (error) {
    served.errorAfterHeaders = error;
    await reader.cancel().catch(() => {});
  }
}

/** For a 204/304 (read to the end) or a body never iterated (closed at once). */
async function driveDirectly(app: App, environ: Environ, served: Served, drain: boolean): Promise<void> {
  let body: Body;
  try {
    body = await app(environ, (status, headers) => {
      served.status = status;
      served.headers = headers.map(([n, v]) => [n, v]);
    });
  } catch (error) {
    served.errorBeforeHeaders = error;
    return;
  }
  try {
    if (drain) for await (const chunk of body as AsyncIterable<Chunk>) if (chunk.byteLength > 0) served.bytes.push(chunk);
  } catch (error) {
    served.errorAfterHeaders = error;
  } finally {
    await Promise.resolve(body.close?.()).catch((error: unknown) => {
      served.log.push(`close() failed: ${String(error)}`);
    });
  }
}

/** The header the kit's server refuses, as @tsgi/server refuses one it cannot send (SPEC [start-response.server-checks]). */
export const REFUSED_HEADER = "X-Conformance-Refused";

/** A server whose startResponse throws for REFUSED_HEADER, before anything is sent. */
function refusing(app: App): App {
  return withStartResponse(app, (_status, headers) => {
    if (getHeader(headers, REFUSED_HEADER) !== undefined) {
      throw new TypeError(`the server refuses the response header ${REFUSED_HEADER} (conformance kit)`);
    }
  });
}

/** Counts the steps and bytes the middleware's body gives the server, for the streaming checks. */
function counted(app: App, probe: Probe): App {
  return async (environ, startResponse) => {
    const body = await app(environ, startResponse);
    const inner = new InnerBody(body);
    const iterator: AsyncIterator<Chunk> = {
      next: async () => {
        const step = await inner.next();
        if (!step.done) {
          probe.outerSteps++;
          probe.outerBytes += step.value.byteLength;
        }
        return step;
      },
      return: async () => {
        await inner.stop();
        return { done: true, value: undefined };
      },
    };
    return { [Symbol.asyncIterator]: () => iterator, close: () => inner.close() };
  };
}
