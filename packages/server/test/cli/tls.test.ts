import { copyFileSync } from "node:fs";
import * as http2 from "node:http2";
import * as https from "node:https";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { certDir, selfSigned, type SelfSigned } from "../helpers/certs.js";
import { killChildren, runTsgi, sleep, startTsgi } from "./helpers.js";

const dir = certDir();
const first = selfSigned(dir.dir, "first");
const second = selfSigned(dir.dir, "second");
afterEach(killChildren);
afterAll(dir.remove);

/** GET over HTTPS trusting both test certificates; resolves with the body and the served certificate's CN. */
function get(url: string): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: [first.cert, second.cert], agent: false, timeout: 5000 }, (res) => {
      const subject = String((res.socket as TLSSocket).getPeerCertificate().subject.CN);
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body, subject }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

/** Puts `cert`'s files where the server reads them (the rotation a deploy does). */
function install(cert: SelfSigned, certfile: string, keyfile: string): void {
  copyFileSync(cert.certfile, certfile);
  copyFileSync(cert.keyfile, keyfile);
}

describe("tsgi serve --certfile --keyfile", () => {
  it("serves HTTPS, says https:// in 'Listening at' and gives the app tsgi.url_scheme https", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--certfile", first.certfile, "--keyfile", first.keyfile]);
    expect(tsgi.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const reply = await get(tsgi.url + "/environ");
    expect(reply.status).toBe(200);
    expect(reply.subject).toBe("first");
    expect(JSON.parse(reply.body)).toMatchObject({ scheme: "https" });
  });

  it("re-reads the certificate files on SIGHUP without refusing a request meanwhile", async () => {
    const certfile = join(dir.dir, "live.cert.pem");
    const keyfile = join(dir.dir, "live.key.pem");
    install(first, certfile, keyfile);
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--certfile", certfile, "--keyfile", keyfile]);
    expect((await get(tsgi.url + "/pid")).subject).toBe("first");

    install(second, certfile, keyfile);
    const from = tsgi.stderr().length;
    tsgi.proc.kill("SIGHUP");
    const subjects: string[] = [];
    // Requests go on throughout the rotation; each must succeed, first with the old certificate, then the new.
    for (let i = 0; i < 200 && subjects.at(-1) !== "second"; i++) {
      const reply = await get(tsgi.url + "/pid");
      expect(reply.status).toBe(200);
      subjects.push(reply.subject);
      await sleep(25);
    }
    expect(subjects.at(-1)).toBe("second");
    await tsgi.waitFor(/Hang up/, 5000, from);
  }, 30_000);

  it("--http2 answers an HTTP/2 client and an HTTP/1.1 client on the same port", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--certfile", first.certfile, "--keyfile", first.keyfile, "--http2"]);
    const session = http2.connect(tsgi.url, { ca: first.cert });
    session.on("error", () => {});
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ":path": "/environ" });
        let text = "";
        stream.setEncoding("utf8").on("data", (d: string) => (text += d));
        stream.on("end", () => resolve(text));
        stream.on("error", reject);
      });
      expect(JSON.parse(body)).toMatchObject({ scheme: "https", HTTP_HOST: tsgi.url.replace("https://", "") });
    } finally {
      session.close();
    }
    expect((await get(tsgi.url + "/pid")).status).toBe(200);
  });

  it.each([
    ["--http2 without a certificate", ["--http2"], /--http2 needs --certfile and --keyfile/],
    ["--certfile without --keyfile", ["--certfile", first.certfile], /--certfile and --keyfile must be given together/],
    ["--ciphers without a certificate", ["--ciphers", "HIGH"], /--ca-certs and --ciphers need --certfile and --keyfile/],
    ["a key of another certificate", ["--certfile", first.certfile, "--keyfile", second.keyfile], /cannot serve TLS .*mismatch/],
    ["a missing file", ["--certfile", join(dir.dir, "nope.pem"), "--keyfile", first.keyfile], /cannot serve TLS .*ENOENT/],
  ])("refuses %s with a usage error (exit 2)", async (_what, flags, message) => {
    const { code, stderr } = await runTsgi(["serve", "app.ts", "--bind", "127.0.0.1:0", ...flags]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
