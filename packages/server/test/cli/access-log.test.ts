import * as http from "node:http";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { killChildren, request, sleep, startTsgi, type Tsgi } from "./helpers.js";

afterEach(killChildren);

/** Sends raw request bytes on a fresh connection and waits for the server to close it. */
function rawRequest(url: string, bytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => (received += d));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    socket.end(bytes);
  });
}

async function logLines(tsgi: Tsgi, count: number): Promise<string[]> {
  for (let i = 0; i < 100 && tsgi.stdout().split("\n").length <= count; i++) await sleep(50);
  return tsgi.stdout().split("\n").slice(0, -1);
}

describe("tsgi serve --access-log: escaping (issue #14 item 3)", () => {
  it("escapes NEL, other non-ASCII bytes, quotes and backslashes in every field, so a line stays one line", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--access-log", "-"]);
    const agent = Buffer.concat([Buffer.from('evil\x85[01/Jan/2026] "GET /admin" \\ ', "latin1"), Buffer.from("é", "utf8")]);
    const head = Buffer.concat([
      Buffer.from("GET /x HTTP/1.1\r\nHost: h\r\nReferer: a\tb\r\nUser-Agent: ", "latin1"),
      agent,
      Buffer.from("\r\nConnection: close\r\n\r\n", "latin1"),
    ]);
    expect(await rawRequest(tsgi.url, head)).toMatch(/^HTTP\/1\.1 200 /);
    const lines = await logLines(tsgi, 1);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toContain('"a\\x09b" "evil\\x85[01/Jan/2026] \\"GET /admin\\" \\\\ \\xc3\\xa9"');
    expect(line).not.toMatch(/[^\x20-\x7e]/);
    expect(await tsgi.stop()).toBe(0);
  });

  it("logs the peer, not a forged X-Forwarded-For line, as %(h)s behind --proxy-headers", async () => {
    const tsgi = await startTsgi(["app.ts", "--bind", "127.0.0.1:0", "--access-log", "-", "--proxy-headers"]);
    const forged = '10.9.8.7 - admin [01/Jan/2026:00:00:00 +0000] "GET /admin HTTP/1.1" 200 1';
    await rawRequest(tsgi.url, Buffer.from(`GET /pid HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: ${forged}\r\nConnection: close\r\n\r\n`));
    const lines = await logLines(tsgi, 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^127\.0\.0\.1 - - \[/);
    expect(tsgi.stderr()).toContain("ignored a malformed X-Forwarded-For value");
    expect(await tsgi.stop()).toBe(0);
  });
});

describe("tsgi serve --access-log -: a stalled reader (issue #14 item 4)", () => {
  it("loses no line while the reader of stdout stalls, and keeps answering meanwhile; two workers' lines never interleave", async () => {
    const tsgi = await startTsgi([
      "app.ts", "--bind", "127.0.0.1:0", "--workers", "2", "--access-log", "-", "--access-log-format", "%(U)s %(q)s %(p)s %({x-pad}i)s",
    ]);
    tsgi.proc.stdout!.pause();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const total = 2000;
    const pad = "p".repeat(200);
    try {
      let next = 0;
      const lane = async () => {
        while (next < total) {
          const n = next++;
          expect((await request(`${tsgi.url}/pid?n=${n}`, { agent, headers: { "x-pad": pad } })).status).toBe(200);
        }
      };
      // 2000 lines of 230 bytes are seven times what a pipe holds (64 KiB): all answered while nothing reads.
      await Promise.all(Array.from({ length: 8 }, lane));
    } finally {
      agent.destroy();
    }
    await sleep(500);
    tsgi.proc.stdout!.resume();
    for (let i = 0; i < 200 && tsgi.stdout().split("\n").length <= total; i++) await sleep(50);
    const lines = tsgi.stdout().split("\n").slice(0, -1);
    expect(lines).toHaveLength(total);
    expect(lines.filter((line) => !new RegExp(`^/pid n=\\d+ <\\d+> ${pad}$`).test(line))).toEqual([]);
    expect(new Set(lines.map((line) => line.split(" ")[1])).size).toBe(total);
    expect(tsgi.stderr()).not.toMatch(/dropped/);
    expect(await tsgi.stop()).toBe(0);
  }, 40_000);
});
