// Shared by the protocols-* servers: the certificate bench/protocols.ts made, and the IPC hand-shake with the scheme.
import { readFileSync } from "node:fs";
import type { Server } from "node:net";

export const tls = {
  cert: readFileSync(process.env.BENCH_TLS_CERT!),
  key: readFileSync(process.env.BENCH_TLS_KEY!),
};

/** As reportWhenListening, for a server that is already listening (makeServer) or is told to listen here. */
export function reportHttps(server: Server, listen = true): void {
  const report = (): void => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    process.send?.({ port: address.port, scheme: "https" });
  };
  if (listen) server.listen(0, "127.0.0.1", report);
  else report();
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
}
