import { createErrorStream, getAllHeaders, getHeader, statusCode, type App, type Environ } from "@tsgi/core";
import { buildRequestEnviron, parseOrigin, type EnvironDefaults } from "./build-request-environ.js";
import { ClientSide } from "./client-side.js";
import { CookieJar } from "./cookie-jar.js";
import { NO_BODY, encodeBody, type EncodedBody } from "./encode-body.js";
import { TooManyRedirectsError, redirectHop } from "./follow-redirects.js";
import type { ClientOptions, RequestOptions } from "./options.js";
import { headerPairs } from "./request-headers.js";
import { serveInProcess } from "./serve-in-process.js";
import { withValidation } from "./spec-validation.js";
import { StreamingResponse, TestResponse } from "./test-response.js";

/** Request options that ask for a streamed response. */
export type StreamOptions = RequestOptions & { stream: true };
/** Request options that ask for a collected response. */
export type CollectOptions = RequestOptions & { stream?: false };

// Headers that describe a body, dropped when a redirect drops the body.
const BODY_HEADERS = new Set(["content-type", "content-length", "transfer-encoding"]);

/**
 * An in-process HTTP client for a tsgi app: builds the environ a server
 * would, calls the app directly (no socket), and plays the server's part
 * (HEAD, 204/304, Content-Length, close()). Every request goes through the
 * validator unless `validate: false`.
 */
export class TestClient {
  /** The app requests are sent to: yours, wrapped in the validator unless `validate: false`. */
  readonly app: App;
  /** The cookie jar shared by this client's requests, or undefined with `cookies: false`. */
  readonly cookies: CookieJar | undefined;
  readonly #defaults: EnvironDefaults;
  readonly #catchErrors: boolean;
  readonly #followRedirects: boolean;
  readonly #maxRedirects: number;

  constructor(app: App, options: ClientOptions = {}) {
    if (typeof app !== "function") throw new TypeError("testClient(app): app must be a function");
    const mode = options.validateMode ?? "throw";
    if (mode !== "throw" && mode !== "report") {
      throw new TypeError(`option validateMode must be "throw" or "report", got ${JSON.stringify(mode)}`);
    }
    const maxRedirects = options.maxRedirects ?? 10;
    checkMaxRedirects(maxRedirects);
    const origin = parseOrigin(options.baseUrl ?? "http://localhost");
    this.app = options.validate === false ? app : withValidation(app, mode);
    this.cookies = options.cookies instanceof CookieJar ? options.cookies : options.cookies === false ? undefined : new CookieJar();
    this.#catchErrors = options.catchErrors ?? false;
    this.#followRedirects = options.followRedirects ?? false;
    this.#maxRedirects = maxRedirects;
    this.#defaults = {
      scheme: origin.scheme,
      host: origin.host,
      serverName: options.serverName ?? origin.name,
      serverPort: options.serverPort ?? origin.port,
      remoteAddr: options.remoteAddr ?? "127.0.0.1",
      remotePort: options.remotePort,
      protocol: options.protocol ?? "HTTP/1.1",
      scriptName: options.scriptName ?? "",
      headers: headerPairs(options.headers),
      hook: options.environ,
    };
  }

  get(path: string, options: StreamOptions): Promise<StreamingResponse>;
  get(path: string, options?: CollectOptions): Promise<TestResponse>;
  get(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  get(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("GET", path, options);
  }

  head(path: string, options: StreamOptions): Promise<StreamingResponse>;
  head(path: string, options?: CollectOptions): Promise<TestResponse>;
  head(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  head(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("HEAD", path, options);
  }

  post(path: string, options: StreamOptions): Promise<StreamingResponse>;
  post(path: string, options?: CollectOptions): Promise<TestResponse>;
  post(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  post(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("POST", path, options);
  }

  put(path: string, options: StreamOptions): Promise<StreamingResponse>;
  put(path: string, options?: CollectOptions): Promise<TestResponse>;
  put(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  put(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("PUT", path, options);
  }

  patch(path: string, options: StreamOptions): Promise<StreamingResponse>;
  patch(path: string, options?: CollectOptions): Promise<TestResponse>;
  patch(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  patch(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("PATCH", path, options);
  }

  delete(path: string, options: StreamOptions): Promise<StreamingResponse>;
  delete(path: string, options?: CollectOptions): Promise<TestResponse>;
  delete(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  delete(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("DELETE", path, options);
  }

  options(path: string, options: StreamOptions): Promise<StreamingResponse>;
  options(path: string, options?: CollectOptions): Promise<TestResponse>;
  options(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  options(path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse> {
    return this.request("OPTIONS", path, options);
  }

  /** Like `request`, but the response streams: its `chunks` arrive as the app produces them. */
  stream(method: string, path: string, options: RequestOptions = {}): Promise<StreamingResponse> {
    return this.request(method, path, { ...options, stream: true });
  }

  /**
   * Sends one request with any method. The path may carry a query and may be
   * an absolute URL (its scheme and host then replace `baseUrl`'s).
   */
  request(method: string, path: string, options: StreamOptions): Promise<StreamingResponse>;
  request(method: string, path: string, options?: CollectOptions): Promise<TestResponse>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse | StreamingResponse>;
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse | StreamingResponse> {
    const follow = options.followRedirects ?? this.#followRedirects;
    const max = options.maxRedirects ?? this.#maxRedirects;
    checkMaxRedirects(max);
    const catchErrors = options.catchErrors ?? this.#catchErrors;
    const firstBody = await encodeBody(options);
    let body = firstBody;
    let headers = headerPairs(options.headers);
    let query = options.query;
    const redirects: TestResponse[] = [];
    for (;;) {
      const errors: string[] = [];
      options.signal?.throwIfAborted();
      const side = new ClientSide();
      const { environ, url } = this.#build(method, path, options, { body, headers, query, errors, side });
      const exchange = await side.untilHeaders(serveInProcess(this.app, environ, catchErrors), options.signal);
      side.headersSent = true;
      exchange.side = side;
      if (this.cookies !== undefined) {
        for (const value of getAllHeaders(exchange.headers, "set-cookie")) this.cookies.setCookie(value, url);
      }
      const location = getHeader(exchange.headers, "location");
      const hop = follow ? redirectHop(statusCode(exchange.status), location, method, url) : undefined;
      if (hop === undefined) {
        if (options.stream === true) return new StreamingResponse(exchange, environ, url, errors, redirects, options.signal);
        const unlink = side.linkBody(exchange, options.signal);
        const response = await TestResponse.collect(exchange, environ, url, errors, redirects).finally(unlink);
        if (side.aborted) throw options.signal!.reason;
        return response;
      }
      redirects.push(await TestResponse.collect(exchange, environ, url, errors, redirects.slice()));
      if (redirects.length > max) throw new TooManyRedirectsError(redirects, max);
      if (hop.keepBody && firstBody.stream !== undefined) {
        throw new TypeError(`cannot follow a ${exchange.status} redirect: a streamed request body cannot be sent twice`);
      }
      method = hop.method;
      path = hop.url;
      query = undefined;
      if (!hop.keepBody) {
        body = NO_BODY;
        headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
      }
    }
  }

  /**
   * The environ this client would pass to the app for a request, without
   * calling the app (like Rack::MockRequest.env_for). Cookies from the jar are
   * included.
   */
  async environFor(method: string, path: string, options: RequestOptions = {}): Promise<Environ> {
    const body = await encodeBody(options);
    const { environ } = this.#build(method, path, options, {
      body,
      headers: headerPairs(options.headers),
      query: options.query,
      errors: [],
    });
    return environ;
  }

  #build(
    method: string,
    path: string,
    options: RequestOptions,
    hop: { body: EncodedBody; headers: [string, string][]; query: RequestOptions["query"]; errors: string[]; side?: ClientSide },
  ): { environ: Environ; url: URL } {
    return buildRequestEnviron(this.#defaults, {
      method,
      path,
      query: hop.query,
      headers: hop.headers,
      body: hop.body,
      scriptName: options.scriptName,
      hook: options.environ,
      cookies: this.cookies,
      errors: createErrorStream((text) => hop.errors.push(text)),
      install: hop.side === undefined ? undefined : (environ) => hop.side!.install(environ),
    });
  }
}

/** Makes a TestClient for `app`. */
export function testClient(app: App, options?: ClientOptions): TestClient {
  return new TestClient(app, options);
}

function checkMaxRedirects(value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`option maxRedirects must be a non-negative integer, got ${String(value)}`);
  }
}
