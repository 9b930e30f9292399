import Negotiator from "negotiator";
import type { Encoding } from "./options.js";

export type Coding = Encoding | "identity";

// Smallest first when the client weighs codings equally.
const PREFERRED: Coding[] = ["br", "zstd", "gzip", "identity"];

/**
 * The coding to send, honouring Accept-Encoding q-values (negotiator): the
 * client's order by q, ties broken by PREFERRED. Identity when nothing is
 * acceptable, as RFC 9110 §12.5.3 allows for a representation without codings.
 */
export function negotiateEncoding(acceptEncoding: string | undefined, available: readonly Coding[]): Coding {
  if (acceptEncoding === undefined || acceptEncoding === "") return "identity";
  // negotiator 1.1 takes { preferred }; @types/negotiator still describes 0.6.
  const negotiator = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }) as unknown as {
    encodings(available: string[], options: { preferred: string[] }): string[];
  };
  const chosen = negotiator.encodings(available as Coding[], { preferred: PREFERRED });
  return (chosen[0] as Coding | undefined) ?? "identity";
}
