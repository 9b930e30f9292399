import type { Environ } from "@tsgi/core";
import { attachDisconnectSignal } from "./disconnect-signal.js";
import type { Exchange } from "./exchange.js";

/** The optional environ keys this server offers for the protocol it speaks (SPEC §3.3): tsgi.signal. */
export function addProtocolKeys(exchange: Exchange, environ: Environ): void {
  exchange.disconnect = attachDisconnectSignal(environ);
}
