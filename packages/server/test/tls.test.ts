import * as https from "node:https";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { App } from "@tsgi/core";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { makeServer, run } from "../src/index.js";
import { certDir, selfSigned } from "./helpers/certs.js";
import { enc, start, stopAll } from "./helpers/server.js";

const dir = certDir();
const first = selfSigned(dir.dir, "first");
const second = selfSigned(dir.dir, "second");
afterEach(stopAll);
afterAll(dir.remove);

const environApp: App = (environ, startResponse) => {
  const body = enc(JSON.stringify({ scheme: environ["tsgi.url_scheme"], host: environ.HTTP_HOST, port: environ.SERVER_PORT }));
  startResponse("200 OK", [["Content-Type", "application/json"], ["Content-Length", String(body.byteLength)]]);
  return [body];
};

/** GET over HTTPS trusting only `ca`; resolves with the body and the certificate's subject CN. */
function get(url: string, ca: string): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, agent: false }, (res) => {
      const subject = String((res.socket as TLSSocket).getPeerCertificate().subject.CN);
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body, subject }));
    });
    req.on("error", reject);
  });
}

describe("makeServer with { tls } serves HTTPS", () => {
  it("answers over TLS with tsgi.url_scheme https and an https:// url", async () => {
    const running = await start(environApp, { tls: { cert: first.cert, key: first.key } });
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const reply = await get(running.url + "/", first.cert);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ scheme: "https", host: `127.0.0.1:${running.port}`, port: String(running.port) });
    expect(reply.subject).toBe("first");
  });

  it("setTls() rotates the certificate for new connections", async () => {
    const running = await start(environApp, { tls: { cert: first.cert, key: first.key } });
    expect((await get(running.url, first.cert)).subject).toBe("first");
    running.server.setTls({ cert: second.cert, key: second.key });
    const reply = await get(running.url, second.cert);
    expect(reply.subject).toBe("second");
    await expect(get(running.url, first.cert)).rejects.toThrow(/self-signed|self signed|unable to verify/i);
  });

  it("refuses a key that does not belong to the certificate before listening", () => {
    expect(() => makeServer("127.0.0.1", 0, environApp, { tls: { cert: first.cert, key: second.key } })).toThrow(/key values mismatch|mismatch/i);
  });

  it("refuses tls without a key, and setTls on a plain HTTP server", async () => {
    expect(() => makeServer("127.0.0.1", 0, environApp, { tls: { cert: first.cert } as never })).toThrow("tls.key is required");
    const plain = await start(environApp);
    expect(() => plain.server.setTls({ cert: first.cert, key: first.key })).toThrow(/not made with the tls option/);
  });

  it("keeps plain HTTP at tsgi.url_scheme http", async () => {
    const running = await start(environApp);
    const res = await fetch(running.url + "/");
    expect((await res.json()) as unknown).toMatchObject({ scheme: "http" });
  });
});

describe("run({ app, certfile, keyfile })", () => {
  it("serves HTTPS in this process and re-reads the files on SIGHUP", async () => {
    const certfile = join(dir.dir, "run.cert.pem");
    const keyfile = join(dir.dir, "run.key.pem");
    copyFileSync(first.certfile, certfile);
    copyFileSync(first.keyfile, keyfile);
    const running = await run({ app: environApp, bind: "127.0.0.1:0", certfile, keyfile, logLevel: "error" });
    try {
      const url = running.urls[0]!;
      expect(url).toMatch(/^https:/);
      expect((await get(url, first.cert)).subject).toBe("first");
      copyFileSync(second.certfile, certfile);
      copyFileSync(second.keyfile, keyfile);
      process.emit("SIGHUP", "SIGHUP");
      expect((await get(url, second.cert)).subject).toBe("second");
    } finally {
      await running.close();
    }
  });
});
