import * as path from "node:path";
import { checkTlsOptions, readTlsFiles, type TlsFiles } from "../tls-options.js";
import { usageError } from "../cli/cli-error.js";

/** The TLS settings (gunicorn's names): file paths as given, relative to the current directory. */
export interface TlsSettings {
  /** Serve HTTPS with this PEM certificate (chain); needs `keyfile`. SIGHUP re-reads both. */
  certfile?: string;
  /** The PEM private key of `certfile`. */
  keyfile?: string;
  /** PEM CA certificates to trust instead of node's bundle. */
  caCerts?: string;
  /** OpenSSL cipher list. @default node's */
  ciphers?: string;
  /** Also speak HTTP/2 (needs `certfile`). @default false */
  http2?: boolean;
}

/**
 * Checks --certfile/--keyfile/--ca-certs/--ciphers once, before any worker
 * starts: both files or neither, readable, and a key that fits the
 * certificate. Paths become absolute, since workers re-read them (SIGHUP).
 */
export function resolveTls(settings: TlsSettings): TlsFiles | undefined {
  const { certfile, keyfile, caCerts, ciphers } = settings;
  if (certfile === undefined && keyfile === undefined) {
    if (settings.http2 === true) throw usageError("--http2 needs --certfile and --keyfile: clients speak HTTP/2 only over TLS (h2c is not offered)");
    if (caCerts !== undefined || ciphers !== undefined) throw usageError("--ca-certs and --ciphers need --certfile and --keyfile");
    return undefined;
  }
  if (certfile === undefined || keyfile === undefined) throw usageError("--certfile and --keyfile must be given together");
  const files: TlsFiles = { certfile: path.resolve(certfile), keyfile: path.resolve(keyfile) };
  if (caCerts !== undefined) files.caCerts = path.resolve(caCerts);
  if (ciphers !== undefined) files.ciphers = ciphers;
  try {
    checkTlsOptions(readTlsFiles(files));
  } catch (error) {
    throw usageError(`cannot serve TLS with --certfile "${certfile}" and --keyfile "${keyfile}": ${(error as Error).message}`);
  }
  return files;
}
