import type * as http from "node:http";
import * as http2 from "node:http2";
import type { Socket } from "node:net";
import { plainHeaders, responseHeaders } from "./http2-headers.js";
import { socketOf } from "./http2-stream-socket.js";
import type { RequestListener } from "./request-listener.js";
import type { TlsOptions } from "./tls-options.js";

/** An HTTP/2 request as the server reads it: `HTTP/2`, and Host from `:authority` instead of pseudo-headers. */
class Http2Request extends http2.Http2ServerRequest {
  /** rawHeaders without pseudo-headers, worked out on the first read. */
  #plain: string[] | undefined;

  static plainHeadersOf(req: Http2Request): string[] {
    return (req.#plain ??= plainHeaders(nodeRawHeaders.call(req) as string[]));
  }
}

// node declares these as properties but defines them as prototype getters, which a class cannot override.
const nodeRawHeaders = Object.getOwnPropertyDescriptor(http2.Http2ServerRequest.prototype, "rawHeaders")!.get!;
Object.defineProperties(Http2Request.prototype, {
  httpVersion: { get: () => "2" },
  socket: {
    get(this: Http2Request) {
      return socketOf(this.stream);
    },
  },
  rawHeaders: {
    get(this: Http2Request) {
      return Http2Request.plainHeadersOf(this);
    },
  },
});

/** An HTTP/2 response that takes what the server writes for HTTP/1.1: no reason phrase, no Connection field. */
class Http2Response extends http2.Http2ServerResponse {
  /**
   * The server's flat header list goes to `stream.respond()` in one object,
   * not header by header through the compat API; and without node's
   * `waitForTrailers` (the server never sends trailers), so a stream ends with
   * its last DATA frame instead of waiting a turn for trailers it has not got.
   * (Fields set earlier with setHeader() would be left out: the server never
   * sets any that way.)
   */
  override writeHead(code: number, reason?: unknown, headers?: unknown): this {
    const flat = Array.isArray(headers) ? (headers as string[]) : Array.isArray(reason) ? (reason as string[]) : undefined;
    const stream = this.stream;
    // node's own writeHead for what it alone does: object headers, and the
    // error of a second head (or nothing, once the stream is gone).
    if (flat === undefined || stream.headersSent || stream.destroyed || stream.closed) {
      return super.writeHead(code, (typeof reason === "object" ? reason : headers) as http2.OutgoingHttpHeaders | undefined);
    }
    // node's checks of the status (a 1xx or one out of range throws, nothing sent).
    this.statusCode = code;
    stream.respond(responseHeaders(code, flat));
    return this;
  }
}

// node's compat response says finished (and emits 'finish') when a stream is
// reset too; the server must tell a reset from a complete response, so
// writableFinished reads the stream itself. (Not `destroyed`: node reads that
// one internally, and defining it left sessions open after a client's GOAWAY.)
Object.defineProperties(Http2Response.prototype, {
  socket: {
    get(this: Http2Response) {
      return socketOf(this.stream);
    },
  },
  writableFinished: {
    get(this: Http2Response) {
      const stream = this.stream;
      // A reset stream counts as finished for node; its rstCode tells (0 is NO_ERROR).
      return stream.writableFinished && (stream.rstCode === undefined || stream.rstCode === http2.constants.NGHTTP2_NO_ERROR);
    },
  },
});

/**
 * An HTTP/2 server over TLS that also speaks HTTP/1.1 on the same port (ALPN,
 * `allowHTTP1`), with the two methods graceful close needs: idle connections
 * close with GOAWAY (streams in flight finish), all of them at once by destroy.
 */
export function createHttp2Server(
  httpOptions: http.ServerOptions,
  tls: TlsOptions,
  onRequest: RequestListener,
  onContinue: RequestListener,
): http.Server {
  const options: http2.SecureServerOptions = {
    ...(httpOptions as http2.SecureServerOptions),
    ...tls,
    allowHTTP1: true,
    Http2ServerRequest: Http2Request,
    Http2ServerResponse: Http2Response as unknown as typeof http2.Http2ServerResponse,
  };
  const server = http2.createSecureServer(options);
  server.on("request", onRequest as never);
  server.on("checkContinue", onContinue as never);
  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<Socket>();
  server.on("session", (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return Object.assign(server, {
    closeIdleConnections: () => {
      for (const session of sessions) session.close();
    },
    closeAllConnections: () => {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
    },
  }) as unknown as http.Server;
}
