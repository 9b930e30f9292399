import type { App } from "@tsgi/core";
import type { ResolvedOptions } from "./options.js";

/** Per-listener state shared by every request. */
export interface ListenerContext extends ResolvedOptions {
  app: App;
  /** Set while a graceful close is under way: new responses get `Connection: close`. */
  closing: boolean;
  /** SERVER_PORT when the listener knows its server's port; otherwise read from the socket. */
  serverPort: string | undefined;
  /**
   * Exchanges whose response is still open or whose body is not closed yet,
   * and bodies' close() promises not settled yet: a graceful close waits for them.
   */
  unsettled: Set<unknown>;
  /** Called whenever `unsettled` becomes empty. */
  onSettled: Set<() => void>;
}

/** `item` no longer holds a graceful close up; the last one to go tells the waiters. */
export function settle(ctx: ListenerContext, item: unknown): void {
  if (!ctx.unsettled.delete(item) || ctx.unsettled.size > 0) return;
  for (const callback of ctx.onSettled) callback();
}
