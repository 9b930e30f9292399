import type { App } from "@tsgi/core";
import { makeServer, type TsgiServer } from "./make-server.js";
import type { ServerOptions } from "./options.js";

export interface ServeOptions extends ServerOptions {
  /** Default: 127.0.0.1. */
  host?: string;
  /** Default: 8000; 0 picks a free port. */
  port?: number;
}

/** Starts the reference server and resolves once it is listening. */
export async function serve(app: App, options: ServeOptions = {}): Promise<TsgiServer> {
  const { host = "127.0.0.1", port = 8000, ...serverOptions } = options;
  const server = makeServer(host, port, app, serverOptions);
  await server.listen();
  return server;
}
