import type * as http2 from "node:http2";
import type { Socket } from "node:net";

/** Returns the object it is given, so a subclass can give that object a private field. */
class Stamped {
  constructor(target: object) {
    // The point: a subclass's fields land on `target`.
    return target;
  }
}

type Address = Pick<StreamSocket, "localAddress" | "localPort" | "remoteAddress" | "remotePort">;

/**
 * The connection's addresses, read from the TLS socket once per session (each
 * read is a system call) and kept in a private field stamped on the session:
 * no WeakMap look-up per stream, and nothing a user of the session can see.
 */
class SessionAddress extends Stamped {
  readonly #address: Address;

  constructor(session: http2.Http2Session, address: Address) {
    super(session);
    this.#address = address;
  }

  static of(session: http2.Http2Session | undefined): Address {
    if (session === undefined) return NO_ADDRESS;
    if (#address in session) return (session as SessionAddress).#address;
    const socket = session.socket;
    const address = { localAddress: socket?.localAddress, localPort: socket?.localPort, remoteAddress: socket?.remoteAddress, remotePort: socket?.remotePort };
    // Before connect or after close the addresses are unknown: do not remember that.
    if (address.remoteAddress !== undefined) new SessionAddress(session, address);
    return address;
  }
}

const NO_ADDRESS: Address = { localAddress: undefined, localPort: undefined, remoteAddress: undefined, remotePort: undefined };

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
    const address = SessionAddress.of(stream.session);
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

/** The one facade of a stream (request and response share it), in a private field stamped on the stream. */
class StreamFacade extends Stamped {
  readonly #socket: StreamSocket;

  constructor(stream: http2.ServerHttp2Stream, socket: StreamSocket) {
    super(stream);
    this.#socket = socket;
  }

  static of(stream: http2.ServerHttp2Stream): StreamSocket {
    if (#socket in stream) return (stream as unknown as StreamFacade).#socket;
    const socket = new StreamSocket(stream);
    new StreamFacade(stream, socket);
    return socket;
  }
}

/** `req.socket` / `res.socket` of an HTTP/2 exchange: a facade of its own stream. */
export function socketOf(stream: http2.ServerHttp2Stream): Socket {
  return StreamFacade.of(stream) as unknown as Socket;
}
