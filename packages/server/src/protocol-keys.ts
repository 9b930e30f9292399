import type { IncomingMessage } from "node:http";
import type { Environ } from "@tsgi/core";
import { attachDisconnectSignal, type DisconnectSignal } from "./disconnect-signal.js";
import { earlyHintsFor, type HintSender } from "./early-hints.js";

/**
 * The optional environ keys this server offers for the protocol it speaks
 * (SPEC §3.3): tsgi.signal always; tsgi.early_hints where a 1xx can be sent,
 * which HTTP/1.0 cannot (RFC 9110 §15.2). Returns the signal's source.
 */
export function addProtocolKeys(environ: Environ, req: IncomingMessage, hints: HintSender): DisconnectSignal {
  const signal = attachDisconnectSignal(environ);
  if (req.httpVersionMajor > 1 || req.httpVersionMinor > 0) environ["tsgi.early_hints"] = earlyHintsFor(hints);
  return signal;
}
