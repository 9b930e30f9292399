import type { Server } from "node:http";

/**
 * For a benchmark server running as a child process: listen on 127.0.0.1 at
 * an ephemeral port, tell the parent the port over IPC, and exit when the
 * parent goes away, so no server outlives a benchmark run.
 */
export function reportWhenListening(server: Server): void {
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    process.send?.({ port: address.port });
  });
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
}
