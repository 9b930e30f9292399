import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * CI runs every package's tests at once on two cores: a worker booting through
 * tsx can take several times longer there. Waits stretch (never shrink) by
 * TSGI_TEST_WAIT_SCALE, 3 under CI; a test still fails if the event never comes.
 */
const WAIT_SCALE = Number(process.env.TSGI_TEST_WAIT_SCALE ?? (process.env.CI ? 3 : 1));

/** An upper time bound stretched like the waits, for the tests that tell "at once" from "after the whole stream". */
export const scaled = (ms: number): number => ms * WAIT_SCALE;

export const BIN = fileURLToPath(new URL("../../bin/tsgi.js", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const fixture = (name: string) => path.join(FIXTURES, name);

const children = new Set<ChildProcess>();

export interface Tsgi {
  proc: ChildProcess;
  /** The first "Listening at:" URL. */
  url: string;
  urls: string[];
  stderr(): string;
  stdout(): string;
  /** Resolves when stderr matches (after `from` characters), rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number, from?: number): Promise<RegExpMatchArray>;
  /** Sends a signal and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | string>;
  exited: Promise<number | string>;
}

/** Starts `tsgi serve <args>` and waits for its "Listening at:" lines. */
export async function startTsgi(
  args: string[],
  { listening = 1, cwd = FIXTURES, env = {} }: { listening?: number; cwd?: string; env?: Record<string, string> } = {},
): Promise<Tsgi> {
  const proc = spawn(process.execPath, [BIN, "serve", ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  let err = "";
  let out = "";
  const waiters = new Set<() => void>();
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => {
    err += d;
    for (const w of waiters) w();
  });
  proc.stdout!.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    for (const w of waiters) w();
  });
  const exited = new Promise<number | string>((resolve) =>
    proc.once("exit", (code, signal) => {
      children.delete(proc);
      resolve(code ?? signal ?? -1);
      for (const w of waiters) w();
    }),
  );
  const waitFor = (pattern: RegExp, ms = 10_000, from = 0): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      ms *= WAIT_SCALE;
      const check = () => {
        const m = err.slice(from).match(pattern);
        if (m !== null) {
          done();
          resolve(m);
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          done();
          reject(new Error(`tsgi exited before ${pattern} appeared; stderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${pattern}; stderr:\n${err}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const lines = new RegExp(`(?:Listening at: \\S+[^\\n]*\\n[^]*?){${listening}}`);
  await waitFor(lines, 15_000);
  const urls = [...err.matchAll(/Listening at: (\S+)/g)].map((m) => m[1]!);
  return {
    proc,
    url: urls[0]!,
    urls,
    stderr: () => err,
    stdout: () => out,
    waitFor,
    exited,
    async stop(signal = "SIGTERM", ms = 10_000) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      // Stretched like waitFor: a loaded CI machine drains and exits more slowly.
      const timer = setTimeout(() => proc.kill("SIGKILL"), ms * WAIT_SCALE);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs `tsgi <args>` to completion (for the error cases). */
export function runTsgi(args: string[], { cwd = FIXTURES, ms = 15_000 } = {}): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    children.add(proc);
    let stdout = "";
    let stderr = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => proc.kill("SIGKILL"), ms);
    proc.once("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(proc);
      resolve({ code: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

/** Kills whatever a test left running (afterEach/afterAll). */
export async function killChildren(): Promise<void> {
  const waits = [...children].map(
    (proc) =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGKILL");
      }),
  );
  children.clear();
  await Promise.all(waits);
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const noKeepAlive = new http.Agent({ keepAlive: false });

/** One HTTP request over a fresh connection (a `unix:` URL goes over the socket). */
export function request(
  url: string,
  { method = "GET", headers = {}, body, agent = noKeepAlive, timeout = 10_000 }: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Buffer;
    agent?: http.Agent;
    timeout?: number;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let options: http.RequestOptions;
    if (url.startsWith("unix:")) {
      const [socketPath, p = "/"] = url.slice(5).split(/(?=\/(?!.*\.sock))/);
      options = { socketPath: socketPath!, path: p };
    } else {
      const u = new URL(url);
      options = { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port, path: u.pathname + u.search };
    }
    const req = http.request({ ...options, method, headers, agent, timeout }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (data += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends at least `total` GETs, `concurrency` at a time, and keeps going until
 * `until` settles (if given); returns how many were sent and got 200, and every failure seen.
 */
export async function hammer(
  url: string,
  { total, concurrency, agent, pause = 0, until }: {
    total: number;
    concurrency: number;
    agent?: http.Agent;
    pause?: number;
    until?: Promise<unknown>;
  },
): Promise<{ sent: number; ok: number; failures: string[]; pids: Set<string> }> {
  let next = 0;
  let ok = 0;
  let going = until !== undefined;
  const halt = () => {
    going = false;
  };
  until?.then(halt, halt);
  const failures: string[] = [];
  const pids = new Set<string>();
  const lane = async () => {
    while (next < total || going) {
      next++;
      try {
        const reply = await request(url + "/pid", agent === undefined ? {} : { agent });
        if (reply.status === 200) {
          ok++;
          pids.add(reply.body);
        } else failures.push(`status ${reply.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      if (pause > 0) await sleep(pause);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { sent: next, ok, failures, pids };
}

/**
 * GET /pid, four at a time, until `want` different workers answered (or `max`
 * requests): the pids seen. Workers accept on a shared socket, so the kernel
 * picks who answers; concurrent requests reach a worker that is slower to wake.
 */
export async function pidsSeen(url: string, want: number, max = 120): Promise<Set<string>> {
  const pids = new Set<string>();
  for (let sent = 0; sent < max && pids.size < want; sent += 4) {
    const bodies = await Promise.all(Array.from({ length: 4 }, () => request(url + "/pid").then((r) => r.body)));
    for (const body of bodies) pids.add(body);
    if (pids.size < want) await sleep(20);
  }
  return pids;
}

/** The sockets a process holds open (Linux /proc), to see connections leaking in the supervisor. */
export function socketCount(pid: number): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:")) count++;
    } catch {
      // Closed while we looked.
    }
  }
  return count;
}

/** Starts a streaming GET and resolves `first` at the first chunk, `done` with the whole body (or the error). */
export function streamingGet(url: string) {
  let onFirst!: () => void;
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const done = new Promise<{ body: string; complete: boolean }>((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
        onFirst();
      });
      res.on("end", () => resolve({ body, complete: true }));
      res.on("error", () => resolve({ body, complete: false }));
      res.on("aborted", () => resolve({ body, complete: false }));
    });
    req.on("error", () => resolve({ body: "", complete: false }));
  });
  return { first, done };
}

/** The body /stream?chunks=n sends. */
export const chunks = (n: number) => Array.from({ length: n }, (_, i) => `chunk ${i}\n`).join("");
