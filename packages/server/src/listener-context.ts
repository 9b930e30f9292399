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
   * How many exchanges have a response still open or a body not closed yet,
   * plus bodies' close() promises not settled yet: a graceful close waits for
   * them. A count, not a Set of them: a long-lived Set holding each in-flight
   * exchange kept its objects through young-generation collections into the
   * old one (one full collection every ~0.5 s under load; 0.66x the
   * throughput of an async hello app).
   */
  unsettled: number;
  /** Called whenever `unsettled` drops to 0. */
  onSettled: Set<() => void>;
}

/** Something now holds a graceful close up; call `settle` once when it is done. */
export function hold(ctx: ListenerContext): void {
  ctx.unsettled++;
}

/** One `hold` is done; the last one to go tells the waiters. */
export function settle(ctx: ListenerContext): void {
  if (--ctx.unsettled > 0) return;
  for (const callback of ctx.onSettled) callback();
}
