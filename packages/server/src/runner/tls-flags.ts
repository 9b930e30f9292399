import * as path from "node:path";
import { checkTlsOptions, readTlsFiles, type TlsFiles } from "../tls-options.js";
import { usageError } from "../cli/cli-error.js";

/** The TLS flags as commander collects them (gunicorn's names). */
export interface TlsFlags {
  certfile?: string;
  keyfile?: string;
  caCerts?: string;
  ciphers?: string;
  http2?: boolean;
}

/**
 * Checks --certfile/--keyfile/--ca-certs/--ciphers once, before any worker
 * starts: both files or neither, readable, and a key that fits the
 * certificate. Paths become absolute, since workers re-read them (SIGHUP).
 */
export function parseTlsFlags(flags: TlsFlags): TlsFiles | undefined {
  const { certfile, keyfile, caCerts, ciphers } = flags;
  if (certfile === undefined && keyfile === undefined) {
    if (flags.http2 === true) throw usageError("--http2 needs --certfile and --keyfile: clients speak HTTP/2 only over TLS (h2c is not offered)");
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
