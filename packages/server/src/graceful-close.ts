import type { Server } from "node:http";
import type { ListenerContext } from "./listener-context.js";

export interface CloseOptions {
  /**
   * Milliseconds to let in-flight responses finish before their sockets are
   * destroyed, and then again at most for the bodies' async close() to settle.
   * Default: 30 000.
   */
  timeout?: number;
}

const IDLE_SWEEP_MS = 20;

/**
 * Stops accepting, closes idle keep-alive connections, lets in-flight
 * responses finish (each one now ends with `Connection: close` where headers
 * are still unsent), and after `timeout` destroys what is left, which makes
 * the exchanges close their bodies. Resolves when every connection is gone
 * and the bodies' close() calls have settled (or `timeout` more has passed).
 */
export function closeGracefully(server: Server, context: ListenerContext, options: CloseOptions = {}): Promise<void> {
  const timeout = options.timeout ?? 30_000;
  if (typeof timeout !== "number" || !(timeout >= 0)) {
    throw new TypeError(`option timeout must be a non-negative number, got ${String(timeout)}`);
  }
  const limit = Math.min(timeout, 2 ** 31 - 1);
  context.closing = true;
  return new Promise<void>((resolve) => {
    // A connection that finishes its response keeps its keep-alive socket;
    // sweeping idle ones repeatedly closes each as soon as it is done.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const kill = setTimeout(() => server.closeAllConnections(), limit);
    sweep.unref();
    kill.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(kill);
      // A response cut by closeAllConnections emits 'close', which closes its
      // body, only after the server's own 'close': wait for those too.
      void settled(context, limit).then(resolve);
    });
    server.closeIdleConnections();
  });
}

/**
 * Resolves once every exchange has closed its body and every async close()
 * has settled, or after `limit` ms, so a close() that never settles cannot
 * hang shutdown.
 */
function settled(context: ListenerContext, limit: number): Promise<void> {
  if (context.unsettled === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      context.onSettled.delete(done);
      resolve();
    };
    const timer = setTimeout(() => {
      try {
        context.log(`[tsgi] closing the server: ${context.unsettled} response(s) or body close() call(s) still pending after ${limit} ms\n`);
      } catch {
        // A broken log sink must not keep the server from closing.
      }
      done();
    }, limit);
    context.onSettled.add(done);
  });
}
