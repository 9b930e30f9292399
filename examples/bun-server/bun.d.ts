// The few Bun APIs this server calls, so it typechecks under Node's types
// without installing @types/bun.

interface BunServer {
  readonly port: number;
  readonly hostname: string;
  requestIP(request: Request): { address: string; port: number } | null;
  stop(closeActiveConnections?: boolean): Promise<void>;
}

declare const Bun: {
  serve(options: {
    hostname?: string;
    port?: number;
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>;
  }): BunServer;
};
