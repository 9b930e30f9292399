import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SelfSigned {
  certfile: string;
  keyfile: string;
  cert: string;
  key: string;
}

/** A temporary directory for certificates; remove() deletes it. */
export function certDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "tsgi-tls-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh self-signed P-256 certificate for 127.0.0.1 and localhost, made by the openssl command. */
export function selfSigned(dir: string, name: string): SelfSigned {
  const certfile = join(dir, `${name}.cert.pem`);
  const keyfile = join(dir, `${name}.key.pem`);
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyfile, "-out", certfile, "-days", "2", "-subj", `/CN=${name}`,
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ], { stdio: "ignore" });
  return { certfile, keyfile, cert: readFileSync(certfile, "utf8"), key: readFileSync(keyfile, "utf8") };
}
