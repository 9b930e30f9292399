import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killChildren, request, scaled, sleep, startTsgi, type Tsgi } from "./helpers.js";

// One server with most options on, shared by the tests that only read from it;
// the ones that kill workers run last.
let dir: string;
let tsgi: Tsgi;
let untrusting: Tsgi;
let socket: string;
let accessLog: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tsgi-cli-"));
  socket = path.join(dir, "tsgi.sock");
  accessLog = path.join(dir, "access.log");
  writeFileSync(path.join(dir, ".env"), 'TSGI_TEST_VAR=from-env-file\n# a comment\nTSGI_TEST_QUOTED="a b # c"\n');
  [tsgi, untrusting] = await Promise.all([
    startTsgi(
      [
        "app.ts",
        "--bind", "127.0.0.1:0",
        "--bind", `unix:${socket}`,
        "--workers", "2",
        "--timeout", "2",
        "--max-body-size", "1k",
        "--limit-request-fields", "20",
        "--limit-request-field_size", "4k",
        "--headers-timeout", "1",
        "--access-log", accessLog,
        "--env-file", path.join(dir, ".env"),
        "--proxy-headers",
        "--forwarded-allow-ips", "127.0.0.1",
      ],
      { listening: 2 },
    ),
    startTsgi([
      "app.ts", "--bind", "127.0.0.1:0", "--forwarded-allow-ips", "10.0.0.1", "--keep-alive", "0",
      "--access-log", "-", "--access-log-format", "%(m)s %(U)s %(q)s %(s)s %(B)s %({x-request-id}i)s %({tsgi.url_scheme}e)s %%",
    ]),
  ]);
});

afterAll(async () => {
  await killChildren();
  rmSync(dir, { recursive: true, force: true });
});

const environOf = async (url: string, headers = {}) => JSON.parse((await request(url + "/environ", { headers })).body);
const bootCount = () => tsgi.stderr().match(/Booting worker/g)?.length ?? 0;

describe("tsgi serve: options", () => {
  it("prints one Listening line per bind", () => {
    expect(tsgi.urls).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), `unix:${socket}`]);
  });

  it("runs two workers, both serving, with tsgi.multiprocess true", async () => {
    // Workers accept on the shared socket themselves, so which one answers is the kernel's pick.
    const seen = new Set<number>();
    for (let i = 0; i < 30 && seen.size < 2; i++) {
      for (const environ of await Promise.all([1, 2, 3, 4].map(() => environOf(tsgi.url)))) {
        expect(environ.multiprocess).toBe(true);
        seen.add(environ.pid);
      }
    }
    expect(seen.size).toBe(2);
    expect((await environOf(untrusting.url)).multiprocess).toBe(false);
  });

  it("serves on a unix socket", async () => {
    const reply = await request(`unix:${socket}/`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("Hello World!");
  });

  it("loads --env-file into the workers' environment", async () => {
    const environ = await environOf(tsgi.url);
    expect(environ.env).toBe("from-env-file");
    expect(environ.quoted).toBe("a b # c");
  });

  it("answers 413 to a body over --max-body-size and serves one under it", async () => {
    const big = await request(tsgi.url + "/upload", { method: "POST", body: "x".repeat(2048) });
    expect(big.status).toBe(413);
    const small = await request(tsgi.url + "/upload", { method: "POST", body: "x".repeat(1000) });
    expect(small.status).toBe(200);
    expect(small.body).toBe("1000");
  });

  it("answers 431 past --limit-request-fields and --limit-request-field_size", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 25; i++) many[`x-h${i}`] = "v";
    expect((await request(tsgi.url + "/", { headers: many })).status).toBe(431);
    expect((await request(tsgi.url + "/", { headers: { "x-big": "y".repeat(5000) } })).status).toBe(431);
    const few: Record<string, string> = {};
    for (let i = 0; i < 10; i++) few[`x-h${i}`] = "v";
    expect((await request(tsgi.url + "/", { headers: few })).status).toBe(200);
  });

  it("believes X-Forwarded-* only from --forwarded-allow-ips peers", async () => {
    const headers = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" };
    const trusted = await environOf(tsgi.url, headers);
    expect(trusted.REMOTE_ADDR).toBe("203.0.113.7");
    expect(trusted.scheme).toBe("https");
    const untrusted = await environOf(untrusting.url, headers);
    expect(untrusted.REMOTE_ADDR).toBe("127.0.0.1");
    expect(untrusted.scheme).toBe("http");
  });

  it("closes the connection after each response with --keep-alive 0", async () => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await request(untrusting.url + "/", { agent })).headers.connection).toBe("close");
      expect((await request(tsgi.url + "/", { agent })).headers.connection).toBe("keep-alive");
    } finally {
      agent.destroy();
    }
  });

  it("writes an access log line per request in Apache combined format", async () => {
    await request(tsgi.url + "/pid?q=1", { headers: { referer: "http://example.test/", "user-agent": "cli-test/1.0" } });
    let line: string | undefined;
    // Workers write the log after the response, batched per event-loop turn.
    for (let i = 0; i < 50 && line === undefined; i++) {
      await sleep(50);
      line = readFileSync(accessLog, "utf8").split("\n").find((l) => l.includes("/pid?q=1"));
    }
    expect(line).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/pid\?q=1 HTTP\/1\.1" 200 \d+ "http:\/\/example\.test\/" "cli-test\/1\.0"$/,
    );
  });

  it("writes --access-log-format lines to stdout with --access-log -", async () => {
    await request(untrusting.url + "/pid?x=1", { headers: { "x-request-id": "req-42" } });
    let line: string | undefined;
    for (let i = 0; i < 50 && line === undefined; i++) {
      await sleep(50);
      line = untrusting.stdout().split("\n").find((l) => l.includes("req-42"));
    }
    expect(line).toMatch(/^GET \/pid x=1 200 \d+ req-42 http %$/);
  });

  it("keeps serving normal requests while slowloris clients trickle headers, and drops them after --headers-timeout", async () => {
    const slow: net.Socket[] = [];
    const closed: Promise<void>[] = [];
    const { port } = new URL(tsgi.url);
    for (let i = 0; i < 40; i++) {
      const s = net.connect(Number(port), "127.0.0.1");
      s.on("error", () => {});
      closed.push(new Promise((resolve) => s.once("close", () => resolve())));
      slow.push(s);
    }
    const request_ = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(100);
    let i = 0;
    const trickle = setInterval(() => {
      for (const s of slow) if (!s.destroyed) s.write(request_[i % request_.length]!);
      i++;
    }, 100);
    try {
      for (let n = 0; n < 10; n++) {
        const started = Date.now();
        expect((await request(tsgi.url + "/")).status).toBe(200);
        expect(Date.now() - started).toBeLessThan(scaled(2000));
      }
      const allClosed = Promise.all(closed).then(() => true);
      expect(await Promise.race([allClosed, sleep(scaled(5000)).then(() => false)])).toBe(true);
    } finally {
      clearInterval(trickle);
      for (const s of slow) s.destroy();
    }
  });

  it("answers 503 to a response slower than --timeout and keeps the worker", async () => {
    const boots = bootCount();
    const started = Date.now();
    const reply = await request(tsgi.url + "/slow?ms=5000");
    expect(reply.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(scaled(4500));
    expect((await request(tsgi.url + "/")).status).toBe(200);
    expect(tsgi.stderr()).toMatch(/request timeout/i);
    expect(bootCount()).toBe(boots);
  });
});

describe("tsgi serve: worker supervision", () => {
  it("replaces a worker that crashes", async () => {
    const boots = bootCount();
    const from = tsgi.stderr().length;
    const pid = (await request(tsgi.url + "/crash")).status;
    expect(pid).toBe(200);
    await tsgi.waitFor(/Worker \(pid:\d+\) exited with code 1/, 5000, from);
    await tsgi.waitFor(/Booting worker/, 5000, from);
    await sleep(300);
    expect(bootCount()).toBe(boots + 1);
    for (let n = 0; n < 6; n++) expect((await request(tsgi.url + "/")).status).toBe(200);
  });

  it("kills and replaces a worker whose event loop is stuck for --timeout", async () => {
    const from = tsgi.stderr().length;
    expect((await request(tsgi.url + "/block")).status).toBe(200);
    await tsgi.waitFor(/WORKER TIMEOUT \(pid:\d+\)/, 6000, from);
    await tsgi.waitFor(/Booting worker/, 5000, from);
    await sleep(500);
    for (let n = 0; n < 6; n++) expect((await request(tsgi.url + "/")).status).toBe(200);
  });
});
