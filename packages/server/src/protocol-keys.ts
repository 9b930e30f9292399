import type { Environ } from "@tsgi/core";
import { attachDisconnectSignal } from "./disconnect-signal.js";
import { earlyHintsFor } from "./early-hints.js";
import type { Exchange } from "./exchange.js";

/**
 * The optional environ keys this server offers for the protocol it speaks
 * (SPEC §3.3): tsgi.signal always; tsgi.early_hints where a 1xx can be sent,
 * which HTTP/1.0 cannot (RFC 9110 §15.2).
 */
export function addProtocolKeys(exchange: Exchange, environ: Environ): void {
  exchange.disconnect = attachDisconnectSignal(environ);
  if (exchange.req.httpVersionMajor > 1 || exchange.req.httpVersionMinor > 0) environ["tsgi.early_hints"] = earlyHintsFor(exchange);
}
