import type * as http from "node:http";
import * as http2 from "node:http2";
import type { Socket } from "node:net";
import type { RequestListener } from "./request-listener.js";
import type { TlsOptions } from "./tls-options.js";

/**
 * What the server reads of an HTTP/2 request's connection. node's own
 * `req.socket` is a proxy of the whole session's TLS socket, where cork(),
 * end() or a 'close' listener would act on every stream of the connection (or
 * throw): one stream must only ever touch itself.
 */
class StreamSocket {
  readonly #stream: http2.ServerHttp2Stream;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly encrypted = true;

  constructor(stream: http2.ServerHttp2Stream) {
    this.#stream = stream;
    const address = addressOf(stream.session);
    this.localAddress = address.localAddress;
    this.localPort = address.localPort;
    this.remoteAddress = address.remoteAddress;
    this.remotePort = address.remotePort;
  }

  get destroyed(): boolean {
    return this.#stream.destroyed;
  }

  // Connection-level moves have no meaning for one stream: its own end or reset does the job.
  cork(): void {}
  uncork(): void {}
  end(): void {}
}

type Address = Pick<StreamSocket, "localAddress" | "localPort" | "remoteAddress" | "remotePort">;
const addresses = new WeakMap<object, Address>();

/** The connection's addresses, read from the TLS socket once per session (each read is a system call). */
function addressOf(session: http2.Http2Session | undefined): Address {
  const key = session ?? addresses;
  let address = addresses.get(key);
  if (address === undefined) {
    const socket = session?.socket;
    address = { localAddress: socket?.localAddress, localPort: socket?.localPort, remoteAddress: socket?.remoteAddress, remotePort: socket?.remotePort };
    if (session !== undefined) addresses.set(session, address);
  }
  return address;
}

const facades = new WeakMap<http2.ServerHttp2Stream, StreamSocket>();

function socketOf(stream: http2.ServerHttp2Stream): Socket {
  let facade = facades.get(stream);
  if (facade === undefined) facades.set(stream, (facade = new StreamSocket(stream)));
  return facade as unknown as Socket;
}

/** An HTTP/2 request as the server reads it: `HTTP/2`, and Host from `:authority` instead of pseudo-headers. */
class Http2Request extends http2.Http2ServerRequest {}

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
      return plainHeaders(nodeRawHeaders.call(this) as string[]);
    },
  },
});

/**
 * Pseudo-headers never reach HTTP_* (SPEC [environ.http-keys]); `:authority`
 * stands in for a missing Host (RFC 9113 §8.3.1), and cookie fields, which
 * HTTP/2 may split, are joined with "; " (RFC 9113 §8.2.3).
 */
export function plainHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  let authority: string | undefined;
  let hasHost = false;
  const cookies: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    if (name.startsWith(":")) {
      if (name === ":authority") authority = value;
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === "cookie") cookies.push(value);
    else {
      if (lower === "host") hasHost = true;
      out.push(name, value);
    }
  }
  if (!hasHost && authority !== undefined) out.unshift("host", authority);
  if (cookies.length > 0) out.push("cookie", cookies.join("; "));
  return out;
}

/** An HTTP/2 response that takes what the server writes for HTTP/1.1: no reason phrase, no Connection field. */
class Http2Response extends http2.Http2ServerResponse {
  override writeHead(code: number, ...rest: unknown[]): this {
    const headers = rest.find((value) => Array.isArray(value)) as string[] | undefined;
    if (headers === undefined) return super.writeHead(code);
    // Connection-specific fields are forbidden in HTTP/2 (RFC 9113 §8.2.2); node would throw.
    // The flat list is the exchange's own, so it may be edited in place.
    for (let i = headers.length - 2; i >= 0; i -= 2) if (headers[i]!.toLowerCase() === "connection") headers.splice(i, 2);
    return super.writeHead(code, headers as unknown as http2.OutgoingHttpHeaders);
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
