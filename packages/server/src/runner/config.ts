import type { ForwardedHeader } from "../forwarded-headers.js";
import type { TlsFiles } from "../tls-options.js";
import type { AppSpec } from "./app-spec.js";
import type { Bind } from "./bind.js";
import type { LogLevel } from "./logger.js";

/**
 * Everything `tsgi serve` was asked to do, checked and in base units
 * (milliseconds, bytes). Plain data: the supervisor hands it to each worker
 * as JSON.
 */
export interface ServeConfig {
  app: AppSpec;
  binds: Bind[];
  workers: number;
  /** ms; 0 = no limit. A response not started in time gets 503; a worker silent this long is killed. */
  timeout: number;
  gracefulTimeout: number;
  keepAlive: number;
  headersTimeout: number;
  maxRequests: number;
  maxRequestsJitter: number;
  /** bytes; undefined = unlimited. */
  maxBodySize: number | undefined;
  limitRequestFieldSize: number;
  limitRequestFields: number;
  /** A file path, `-` for stdout, or undefined for no access log. */
  accessLog: string | undefined;
  accessLogFormat: string;
  logLevel: LogLevel;
  reload: boolean;
  reloadDirs: string[];
  /** The trusted proxies' list, or undefined when forwarding headers are ignored. */
  forwardedAllowIps: string | undefined;
  /** The forwarding headers believed from those proxies (lower-case names). */
  forwardedHeaders: ForwardedHeader[];
  envFiles: string[];
  /** --certfile/--keyfile/--ca-certs/--ciphers (absolute paths), or undefined for plain HTTP. */
  tls?: TlsFiles;
  /** --http2 (needs tls): HTTP/2 and HTTP/1.1 on the same port. */
  http2?: boolean;
}
