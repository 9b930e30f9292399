import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The server runs in a child process so its memory is its own: the client's
// buffers would otherwise be counted too.
const FIXTURE = fileURLToPath(new URL("./fixtures/memory-server.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const MiB = 1024 * 1024;
const SIZE_MIB = 512;
// Without backpressure a 512 MiB body would sit in memory; the runtime itself moves a few tens of MiB.
const MAX_GROWTH = 150 * MiB;

let child: ChildProcess;
let port: number;

beforeAll(async () => {
  child = spawn(process.execPath, ["--import", "tsx", FIXTURE], { cwd: PACKAGE_DIR, stdio: ["pipe", "pipe", "inherit"] });
  port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`memory server exited with ${String(code)}`)));
  });
  // Warm up (JIT, buffers, sockets) so the baseline is not taken from a cold process.
  await download(4);
  await upload(4);
});

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdin!.end();
  const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(kill);
});

async function memory(reset: boolean): Promise<{ rss: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: `/memory${reset ? "?reset" : ""}`, agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d: string) => (text += d));
        res.on("end", () => resolve(JSON.parse(text) as { rss: number; peakRss: number }));
      })
      .on("error", reject);
  });
}

/** Reads a download on a raw socket, pausing now and then so the server has to wait for the client. */
function download(mib: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = 0;
    let sincePause = 0;
    socket.on("data", (d: Buffer) => {
      received += d.byteLength;
      sincePause += d.byteLength;
      if (sincePause >= 16 * MiB) {
        sincePause = 0;
        socket.pause();
        setTimeout(() => socket.resume(), 5);
      }
    });
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
    socket.write(`GET /download?${mib} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

/** Sends a Content-Length upload in 64 KiB writes, respecting the socket's backpressure. */
function upload(mib: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const total = mib * MiB;
    const req = http.request(
      { host: "127.0.0.1", port, path: "/upload", method: "POST", agent: false, headers: { "Content-Length": String(total) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d: string) => (text += d));
        res.on("end", () => resolve(text));
      },
    );
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, 120);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe("streaming keeps the server's memory flat", () => {
  it(`streams a ${SIZE_MIB} MiB response body to a slower reader without holding it in memory`, async () => {
    const before = await memory(true);
    expect(await download(SIZE_MIB)).toBeGreaterThan(SIZE_MIB * MiB);
    const after = await memory(false);
    expect(after.peakRss - before.rss).toBeLessThan(MAX_GROWTH);
  });

  it(`reads a ${SIZE_MIB} MiB upload chunk by chunk without holding it in memory`, async () => {
    const before = await memory(true);
    expect(await upload(SIZE_MIB)).toBe(String(SIZE_MIB * MiB));
    const after = await memory(false);
    expect(after.peakRss - before.rss).toBeLessThan(MAX_GROWTH);
  });
});
