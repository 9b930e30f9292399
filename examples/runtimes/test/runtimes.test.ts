import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// One suite, four runtimes: the same app (app.ts) bundled by build.mjs and
// served by Node (@tsgi/server), Bun, Deno and workerd (through
// @tsgi/fetch's toFetchHandler), each a child process on 127.0.0.1.

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" };

interface Runtime {
  name: string;
  command: string;
  versionArgs: string[];
  /** Arguments to serve on `port` (0 = ephemeral when the runtime reports its port). */
  args: (port: number) => string[];
  /** workerd prints nothing when ready, so it gets a fixed free port and is polled. */
  printsUrl: boolean;
}

const runtimes: Runtime[] = [
  { name: "node", command: process.execPath, versionArgs: ["--version"], args: (p) => ["dist/node.js", String(p)], printsUrl: true },
  { name: "bun", command: bin("bun"), versionArgs: ["--version"], args: (p) => ["dist/bun.js", String(p)], printsUrl: true },
  {
    name: "deno",
    command: bin("deno"),
    versionArgs: ["--version"],
    args: (p) => ["run", "--allow-net=127.0.0.1", "dist/deno.js", String(p)],
    printsUrl: true,
  },
  {
    name: "workerd",
    command: bin("workerd"),
    versionArgs: ["--version"],
    args: (p) => ["serve", "workerd.capnp", "--socket-addr", `http=127.0.0.1:${p}`],
    printsUrl: false,
  },
];

const built = spawnSync(process.execPath, ["build.mjs"], { cwd: root, encoding: "utf8", timeout: 30_000 });
if (built.status !== 0) throw new Error(`build.mjs failed: ${built.stderr || built.error}`);

/** Why a runtime cannot run here, or undefined when its binary answers --version. */
function unavailable(runtime: Runtime): string | undefined {
  const probe = spawnSync(runtime.command, runtime.versionArgs, { env, encoding: "utf8", timeout: 15_000 });
  if (probe.error) return `${runtime.command} ${runtime.versionArgs.join(" ")} failed: ${probe.error.message}`;
  if (probe.status !== 0) return `${runtime.command} --version exited ${probe.status}: ${probe.stderr.trim()}`;
  versions[runtime.name] = probe.stdout.trim().split("\n")[0]!;
  return undefined;
}
const versions: Record<string, string> = {};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForConnect(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      await fetch(url + "/hello");
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error("not answering after 15 s");
}

async function start(runtime: Runtime): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = runtime.printsUrl ? 0 : await freePort();
  const child = spawn(runtime.command, runtime.args(port), { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 15_000;
  try {
    if (!runtime.printsUrl) {
      const url = `http://127.0.0.1:${port}`;
      await waitForConnect(url, child, deadline);
      return { url, child, output: () => output };
    }
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no 'listening on' line after 15 s")), deadline - Date.now());
      const check = (): void => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on("data", check);
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
    return { url, child, output: () => output };
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${runtime.name} did not start: ${(error as Error).message}\n${output}`);
  }
}

/** GET with raw header bytes (latin-1 strings are written byte for byte by node:http). */
function getWithBytes(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Writes raw request bytes and resolves with the first line of the reply (or "" when the runtime just closes). */
function rawStatusLine(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.from(bytes, "latin1")));
    let reply = "";
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply.split("\r\n")[0]!);
    };
    const timer = setTimeout(done, 3000);
    socket.on("data", (d: Buffer) => {
      reply += d.toString("latin1");
      if (reply.includes("\r\n")) done();
    });
    socket.on("end", done);
    socket.on("error", (error) => (reply === "" ? reject(error) : done()));
  });
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, soFar: string, wanted: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = soFar;
  while (!text.includes(wanted)) {
    const step = await reader.read();
    if (step.done) return text;
    text += decoder.decode(step.value, { stream: true });
  }
  return text;
}

for (const runtime of runtimes) {
  const reason = unavailable(runtime);
  if (reason !== undefined) console.warn(`skipping the ${runtime.name} runtime tests: ${reason}`);

  describe.skipIf(reason !== undefined)(`the example app on ${runtime.name}`, () => {
    let server: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => {
      server = await start(runtime);
    });
    afterAll(async () => {
      if (server === undefined || server.child.exitCode !== null) return;
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGKILL");
      await exited;
    });

    it("answers with its status, body and every Set-Cookie", async () => {
      const response = await fetch(`${server.url}/hello?name=ann`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("hello ann\n");
      expect(response.headers.getSetCookie()).toEqual(["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"]);
    });

    it("gives HEAD the headers of GET and no body", async () => {
      const response = await fetch(`${server.url}/hello`, { method: "HEAD" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe("");
    });

    it("decodes the path to latin-1 and hands header bytes to the app as latin-1", async () => {
      // "é" sent as its two UTF-8 bytes, in the path (percent-encoded) and in a header.
      const { status, body } = await getWithBytes(`${server.url}/environ/caf%C3%A9?x=%20y`, { "x-bytes": "\xc3\xa9" });
      expect(status).toBe(200);
      const environ = JSON.parse(body) as Record<string, string>;
      expect(environ.PATH_INFO).toBe("/environ/caf\xc3\xa9");
      expect(environ.QUERY_STRING).toBe("x=%20y");
      expect(environ.HTTP_X_BYTES).toBe("\xc3\xa9");
      expect(environ.REQUEST_METHOD).toBe("GET");
      expect(environ.SERVER_NAME).toBe("127.0.0.1");
      expect(environ.url_scheme).toBe("http");
    });

    it("streams both ways: each upload chunk is echoed before the next is sent", async () => {
      // node:http, not fetch, so the client can read while still uploading.
      const transcript = await new Promise<string>((resolve, reject) => {
        const req = httpRequest(`${server.url}/duplex`, { method: "POST" });
        req.on("error", reject);
        req.write("one\n");
        req.on("response", (res) => {
          let got = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            got += d;
            // The app has not seen "two" yet, so what came back was streamed
            // while the app was still running.
            if (got === "one\n") req.write("two\n");
            else if (got === "one\ntwo\n") req.end();
          });
          res.on("end", () => resolve(got));
          res.on("error", reject);
        });
      });
      expect(transcript).toBe("one\ntwo\nend\n");
    });

    it("streams an upload into tsgi.input", async () => {
      let sent = 0;
      const upload = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 64) return controller.close();
          sent++;
          controller.enqueue(new Uint8Array(16 * 1024).fill(120));
        },
      });
      const response = await fetch(`${server.url}/upload`, { method: "POST", body: upload, duplex: "half" } as RequestInit);
      const result = (await response.json()) as { bytes: number; chunks: number };
      expect(result.bytes).toBe(64 * 16 * 1024);
      expect(result.chunks).toBeGreaterThan(1);
    });

    it("calls the body's close() once when the client aborts", async () => {
      const closes = async (): Promise<number> => ((await (await fetch(`${server.url}/closes`)).json()) as { closes: number }).closes;
      const before = await closes();
      const abort = new AbortController();
      const response = await fetch(`${server.url}/forever`, { signal: abort.signal });
      const reader = response.body!.getReader();
      expect(await readUntil(reader, "", "tick\n")).toContain("tick\n");
      abort.abort();
      let after = before;
      // Bounded wait for the server to notice the disconnect (not a timing assertion).
      for (let i = 0; i < 200 && after === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        after = await closes();
      }
      expect(after).toBe(before + 1);
      expect(await closes()).toBe(before + 1);
    });

    it("answers a generic 500 when the app fails before headers", async () => {
      const response = await fetch(`${server.url}/boom`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).toMatch(/^Internal Server Error/);
      expect(text).not.toContain("boom");
    });

    it("breaks the response instead of ending it cleanly when the app fails after headers", async () => {
      const read = async (): Promise<string> => (await fetch(`${server.url}/broken`)).text();
      await expect(read()).rejects.toThrow();
    });

    // workerd frames the request itself and hands over one Content-Length (it answers 200 to both), so its
    // server cannot see what to refuse; [server.whatwg-request] asks only for what the server can still see.
    it.skipIf(runtime.name === "workerd").each([
      ["a repeated Content-Length", "Content-Length: 2\r\nContent-Length: 2\r\n\r\nhi"],
      ["Content-Length with Transfer-Encoding", "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"],
    ])("answers 400 to %s without calling the app ([server.request-framing])", async (_what, fields) => {
      // The runtime's parser may refuse it itself; what reaches buildEnvironFromRequest joined ("2, 2") is refused there.
      const line = await rawStatusLine(server.url, `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${fields}`);
      expect(line).toMatch(/^HTTP\/1\.1 400/);
    });

    it("passes the app's 404 through", async () => {
      const response = await fetch(`${server.url}/nope`);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("not found\n");
    });
  });
}

afterAll(() => {
  console.log(`runtimes: ${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(", ")}`);
});
