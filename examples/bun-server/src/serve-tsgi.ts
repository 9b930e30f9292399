import { buildEnvironFromRequest, createErrorStream, HttpError, STATUS_REASONS, type App, type ErrorStream } from "@tsgi/core";
import { answer, plainResponse } from "./answer.js";

export interface ServeTsgiOptions {
  /** Default `127.0.0.1`. */
  hostname?: string;
  /** Default 8000; 0 picks a free port (read it from the returned server). */
  port?: number;
  /** Where `tsgi.errors` text goes; default stderr. */
  errors?: (text: string) => void;
}

/** Serves a tsgi app with Bun.serve (SPEC §8, [server.whatwg-request]). */
export function serveTsgi(app: App, options: ServeTsgiOptions = {}): BunServer {
  const errors = createErrorStream(options.errors ?? ((text) => void process.stderr.write(text)));
  const hostname = options.hostname ?? "127.0.0.1";
  return Bun.serve({
    hostname,
    port: options.port ?? 8000,
    fetch: (request, server) => handle(app, request, server, hostname, errors),
  });
}

function handle(app: App, request: Request, server: BunServer, hostname: string, errors: ErrorStream): Promise<Response> | Response {
  const peer = server.requestIP(request);
  let environ;
  try {
    environ = buildEnvironFromRequest(request, {
      errors,
      serverName: hostname.includes(":") ? `[${hostname}]` : hostname,
      serverPort: String(server.port),
      remoteAddr: peer?.address,
      remotePort: peer === null ? undefined : String(peer.port),
    });
  } catch (error) {
    // [server.bad-request], [server.request-framing]: refused without calling the app.
    if (error instanceof HttpError) return plainResponse(error.status, STATUS_REASONS[error.status] ?? "Bad Request");
    throw error;
  }
  return answer(app, environ, request, errors);
}
