import type { Server } from "node:http";
import type { ListenerContext } from "./exchange.js";

export interface CloseOptions {
  /** Milliseconds to let in-flight responses finish before their sockets are destroyed. Default: 30 000. */
  timeout?: number;
}

const IDLE_SWEEP_MS = 20;

/**
 * Stops accepting, closes idle keep-alive connections, lets in-flight
 * responses finish (each one now ends with `Connection: close` where headers
 * are still unsent), and after `timeout` destroys what is left, which makes
 * the exchanges close their bodies. Resolves when every connection is gone.
 */
export function closeGracefully(server: Server, context: ListenerContext, options: CloseOptions = {}): Promise<void> {
  const timeout = options.timeout ?? 30_000;
  if (typeof timeout !== "number" || !(timeout >= 0)) {
    throw new TypeError(`option timeout must be a non-negative number, got ${String(timeout)}`);
  }
  context.closing = true;
  return new Promise<void>((resolve) => {
    // A connection that finishes its response keeps its keep-alive socket;
    // sweeping idle ones repeatedly closes each as soon as it is done.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const kill = setTimeout(() => server.closeAllConnections(), Math.min(timeout, 2 ** 31 - 1));
    sweep.unref();
    kill.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(kill);
      resolve();
    });
    server.closeIdleConnections();
  });
}
