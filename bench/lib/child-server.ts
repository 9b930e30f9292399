import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a benchmark server script (see servers/) in its own node process,
 * so the load generator does not share its event loop, and resolves with
 * its URL once it listens on 127.0.0.1.
 */
export interface ChildServerOptions {
  nodeArgs?: string[];
  /** The CPU to pin the server to (default: BENCH_PIN, else unpinned). */
  pin?: string;
  /** Extra environment for the server script (its configuration). */
  env?: Record<string, string>;
}

export function startChildServer(name: string, script: URL | string, options: ChildServerOptions = {}): Promise<ChildServer> {
  const file = typeof script === "string" ? script : fileURLToPath(script);
  const args = [...(options.nodeArgs ?? []), "--import", "tsx", file];
  // Pinned, taskset execs node, so the pid stays the server's.
  const pin = options.pin ?? process.env.BENCH_PIN;
  const child: ChildProcess = spawn(pin ? "taskset" : process.execPath, pin ? ["-c", pin, process.execPath, ...args] : args, {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, NODE_ENV: "production", ...options.env },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${name} did not start within 20 s`));
    }, 20_000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
    child.once("message", (message: { port: number; scheme?: "http" | "https" }) => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        name,
        url: `${message.scheme ?? "http"}://127.0.0.1:${message.port}/`,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
