import * as http from "node:http";
import * as net from "node:net";
import type { App, Environ } from "@tsgi/core";
import { makeServer, type ServerOptions, type TsgiServer } from "../../src/index.js";
import { validated } from "./validated.js";

export interface Running {
  server: TsgiServer;
  url: string;
  port: number;
  /** Everything written to tsgi.errors and the server's log. */
  errors: string[];
  stop(): Promise<void>;
}

const running = new Set<Running>();

/** Starts `app` (wrapped in the validator) on 127.0.0.1 with an ephemeral port. */
export async function start(app: App, options: ServerOptions & { raw?: boolean } = {}): Promise<Running> {
  const errors: string[] = [];
  const { raw, ...serverOptions } = options;
  const server = makeServer("127.0.0.1", 0, raw === true ? app : validated(app), {
    errors: (text) => errors.push(text),
    ...serverOptions,
  });
  await server.listen();
  const r: Running = {
    server,
    url: server.url,
    port: server.port,
    errors,
    stop: async () => {
      running.delete(r);
      await server.close({ timeout: 0 });
    },
  };
  running.add(r);
  return r;
}

/** Stops every server a test left running (call from afterEach). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((r) => r.stop()));
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export interface RequestOptions {
  method?: string;
  path?: string;
  headers?: http.OutgoingHttpHeaders | string[];
  body?: Uint8Array | string | AsyncIterable<Uint8Array>;
}

/** One request on a fresh connection; resolves with the whole response. */
export function request(base: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.path ?? "/", base);
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    const body = options.body;
    if (body === undefined || typeof body === "string" || body instanceof Uint8Array) {
      req.end(body);
    } else {
      void (async () => {
        for await (const chunk of body) {
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        req.end();
      })().catch(reject);
    }
  });
}

/**
 * Writes `text` on a raw TCP connection and collects everything until the
 * server closes it (or `until` matches what arrived so far).
 */
export function rawExchange(port: number, text: string | Buffer, until?: (received: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      received += d;
      if (until?.(received) === true) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("close", () => resolve(received));
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? resolve(received) : reject(e)));
    socket.write(text);
  });
}

/** A promise with its resolve function, for stepping an app from the test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** An app that records (a copy of) the environ of each request and answers 200 "ok". */
export function recorder(): { app: App; seen: Environ[] } {
  const seen: Environ[] = [];
  const app: App = (environ, startResponse) => {
    seen.push({ ...environ });
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [enc("ok")];
  };
  return { app, seen };
}
