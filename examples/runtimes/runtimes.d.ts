// The few Bun and Deno APIs these examples call, so they typecheck under
// Node's types without installing @types/bun or Deno's lib.

interface BunServer {
  readonly port: number;
  requestIP(request: Request): { address: string; port: number } | null;
  stop(closeActiveConnections?: boolean): void;
}

declare const Bun: {
  serve(options: {
    hostname?: string;
    port?: number;
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>;
  }): BunServer;
};

interface DenoServeInfo {
  remoteAddr: { hostname: string; port: number };
}

declare const Deno: {
  args: string[];
  serve(
    options: { hostname?: string; port?: number; onListen?: (address: { hostname: string; port: number }) => void },
    handler: (request: Request, info: DenoServeInfo) => Response | Promise<Response>,
  ): { finished: Promise<void>; shutdown(): Promise<void> };
};
