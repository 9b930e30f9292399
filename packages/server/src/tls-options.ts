import { readFileSync } from "node:fs";
import * as tls from "node:tls";

/** PEM text (or buffers) for an HTTPS server; passed on to `tls.createSecureContext`. */
export interface TlsOptions {
  /** The certificate chain, PEM. */
  cert: string | Buffer | (string | Buffer)[];
  /** The private key, PEM. */
  key: string | Buffer | (string | Buffer)[];
  /** CA certificates to trust instead of node's bundled ones (for client certificates). */
  ca?: string | Buffer | (string | Buffer)[];
  /** An OpenSSL cipher list. Default: node's. */
  ciphers?: string;
  /** The key's passphrase, when it is encrypted. */
  passphrase?: string;
}

/** Where `tsgi serve` reads them from: gunicorn's --certfile, --keyfile, --ca-certs, --ciphers. */
export interface TlsFiles {
  certfile: string;
  keyfile: string;
  caCerts?: string;
  ciphers?: string;
}

/**
 * Checks the options and builds a secure context from them once, so a key
 * that does not match its certificate fails here, with a message, rather than
 * at the first handshake.
 */
export function checkTlsOptions(options: TlsOptions): TlsOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("option tls must be an object { cert, key }");
  for (const name of ["cert", "key"] as const) {
    if (options[name] === undefined || options[name] === "") throw new TypeError(`option tls.${name} is required (PEM text)`);
  }
  if (options.ciphers !== undefined && typeof options.ciphers !== "string") throw new TypeError("option tls.ciphers must be a string");
  tls.createSecureContext(options);
  return options;
}

/** Reads the PEM files; called at start and again by every new worker (so SIGHUP's reload picks up rotated files). */
export function readTlsFiles(files: TlsFiles): TlsOptions {
  const options: TlsOptions = { cert: readFileSync(files.certfile), key: readFileSync(files.keyfile) };
  if (files.caCerts !== undefined) options.ca = readFileSync(files.caCerts);
  if (files.ciphers !== undefined) options.ciphers = files.ciphers;
  return options;
}
