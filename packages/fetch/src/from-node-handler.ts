import { createServer, request as httpRequest } from "node:http";
import type { ClientRequest, IncomingMessage, Server, ServerResponse } from "node:http";
import { Readable, pipeline } from "node:stream";
import { describeValue, isHopByHop, quoteLatin1, statusLine } from "@tsgi/core";
import type { App, Body, Environ, HeaderList, StartResponse } from "@tsgi/core";
import { memorySocketPair, type MemorySocket } from "./duplex-pair.js";
import { environHeaders } from "./environ-headers.js";

/** A node:http request listener: an Express or Connect app, or a plain function. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The tsgi app fromNodeHandler returns; `close()` aborts requests still in flight. */
export type NodeHandlerApp = App & { close(): Promise<void> };

/** One tsgi request on its way through the handler's private server. */
interface HandlerCall {
  environ: Environ;
  /** What the handler threw or emitted, which the body or the response then rejects with. */
  error?: unknown;
}

const SKIPPED_REQUEST_HEADERS = new Set(["expect", "host"]);
const NO_BODY_METHODS = new Set(["GET", "HEAD"]);
// PATH_INFO is decoded; these stay literal when it is re-encoded for req.url
// (RFC 3986 pchar), so routes with `:` `@` `+` `,` … match as they would.
const PATH_SAFE = "/:@!$&'()*+,;=";

/**
 * Runs a node:http handler (Express, Connect…) as a tsgi app. Each request is
 * written as HTTP/1.1 into an in-memory connection that a private, never
 * listening http.Server reads, so the handler gets genuine IncomingMessage and
 * ServerResponse objects; its response is parsed back by node's HTTP client.
 * Both bodies stream with backpressure. No port, no socket, no lifecycle.
 *
 * The handler sees the mounted view: `req.url` is PATH_INFO plus the query,
 * `req.baseUrl` is SCRIPT_NAME and `req.originalUrl` the full path, as if an
 * Express app had mounted it with `app.use(prefix, handler)`.
 */
export function fromNodeHandler(handler: NodeHandler): NodeHandlerApp {
  if (typeof handler !== "function") {
    throw new TypeError(`fromNodeHandler: handler must be a function, got ${describeValue(handler)}`);
  }
  const bridge = new NodeBridge(handler);
  const app = ((environ, startResponse) => bridge.call(environ, startResponse)) as NodeHandlerApp;
  app.close = () => bridge.close();
  return app;
}

/** The handler's private http.Server and the in-memory connections to it. */
class NodeBridge {
  readonly #server: Server;
  readonly #calls = new WeakMap<object, HandlerCall>();
  readonly #live = new Set<MemorySocket>();
  #closed = false;

  constructor(handler: NodeHandler) {
    this.#server = createServer({ requireHostHeader: false }, (req, res) => runHandler(handler, this.#calls.get(req.socket)!, req, res));
  }

  async call(environ: Environ, startResponse: StartResponse): Promise<Body> {
    if (this.#closed) throw new Error("fromNodeHandler: the app was closed");
    const call: HandlerCall = { environ };
    const req = sendRequest(environ, this.#connect(call));
    const res = await responseOf(req, call);
    // Later errors (the handler answered before reading the whole upload, or
    // close() tore the connection down) surface through the body iterator;
    // without these listeners they would be uncaught.
    req.on("error", ignore);
    res.on("error", ignore);
    startResponse(statusLine(res.statusCode ?? 500, res.statusMessage || undefined), responseHeaders(res.rawHeaders));
    return responseBody(req, res, call);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const socket of this.#live) socket.destroy();
    this.#live.clear();
  }

  /** A new in-memory connection, its server side handed to the handler's server; returns the client side. */
  #connect(call: HandlerCall): MemorySocket {
    const { environ } = call;
    const [clientSide, serverSide] = memorySocketPair();
    this.#calls.set(serverSide, call);
    serverSide.remoteAddress = environ.REMOTE_ADDR;
    serverSide.remotePort = environ.REMOTE_PORT === undefined ? undefined : Number(environ.REMOTE_PORT);
    serverSide.remoteFamily = environ.REMOTE_ADDR?.includes(":") ? "IPv6" : "IPv4";
    if (environ["tsgi.url_scheme"] === "https") serverSide.encrypted = true;
    this.#live.add(clientSide);
    clientSide.once("close", () => this.#live.delete(clientSide));
    this.#server.emit("connection", serverSide);
    return clientSide;
  }
}

/** The handler's side: the mounted view on req, and its failures kept for the tsgi side. */
function runHandler(handler: NodeHandler, call: HandlerCall, req: IncomingMessage, res: ServerResponse): void {
  const { environ } = call;
  const base = quoteLatin1(environ.SCRIPT_NAME, PATH_SAFE);
  Object.assign(req, { baseUrl: base, originalUrl: base + req.url });
  // The tsgi server in front owns Date, as it owns the connection.
  res.sendDate = false;
  const fail = (error: unknown): void => {
    if (res.writableEnded) {
      environ["tsgi.errors"].write(`tsgi: the node handler failed after its response ended: ${String(error)}\n`);
      return;
    }
    call.error = error;
    req.socket.destroy();
  };
  // Node reports a write after end as an 'error' event; unheard, it would
  // crash the process.
  res.on("error", fail);
  try {
    const result = handler(req, res);
    if (result instanceof Promise) result.catch(fail);
  } catch (error) {
    fail(error);
  }
}

/** The request, written as HTTP/1.1 into the in-memory connection, its body streamed from tsgi.input. */
function sendRequest(environ: Environ, connection: MemorySocket): ClientRequest {
  const method = environ.REQUEST_METHOD;
  const path = quoteLatin1(environ.PATH_INFO || "/", PATH_SAFE) + (environ.QUERY_STRING ? "?" + environ.QUERY_STRING : "");
  const req = httpRequest({ method, path, headers: requestHeaders(environ), setHost: false, createConnection: () => connection });
  followDisconnect(environ["tsgi.signal"], req);
  const hasBody =
    environ.CONTENT_LENGTH !== undefined ? environ.CONTENT_LENGTH !== "0" : !NO_BODY_METHODS.has(method.toUpperCase());
  if (hasBody) {
    pipeline(Readable.from(environ["tsgi.input"], { highWaterMark: 1 }), req, () => {});
  } else {
    req.end();
  }
  return req;
}

/** The handler's response headers, hop-by-hop ones left out (the tsgi server owns the connection). */
function responseHeaders(raw: string[]): HeaderList {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!isHopByHop(raw[i]!)) headers.push([raw[i]!, raw[i + 1]!]);
  }
  return headers;
}

function ignore(): void {}

/**
 * The client leaving our server tears the in-memory connection down, so the
 * handler's req emits 'aborted' and 'close' and its res 'close', exactly as
 * for a client leaving node:http directly (SPEC [environ.signal]).
 */
function followDisconnect(signal: AbortSignal | undefined, req: ClientRequest): void {
  if (signal === undefined || typeof signal.addEventListener !== "function") return;
  const onAbort = (): void => void req.destroy();
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
}

function requestHeaders(environ: Environ): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of environHeaders(environ, SKIPPED_REQUEST_HEADERS)) headers[name] = value;
  headers.host = environ.HTTP_HOST ?? `${environ.SERVER_NAME}:${environ.SERVER_PORT}`;
  return headers;
}

function responseOf(req: ClientRequest, call: HandlerCall): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once("response", resolve);
    req.once("error", (error) => reject(call.error ?? error));
  });
}

function responseBody(req: ClientRequest, res: IncomingMessage, call: HandlerCall): Body {
  let finished = false;
  let closed = false;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const chunk of res) yield chunk as Buffer;
      } catch (error) {
        throw call.error ?? error;
      }
      finished = true;
    },
    close() {
      if (closed) return;
      closed = true;
      // Tearing the connection down is how the handler learns the client left:
      // req and res emit 'close', as on a real disconnect.
      if (!finished) req.destroy();
    },
  };
}
