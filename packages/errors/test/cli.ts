import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const TSGI = fileURLToPath(new URL("../../server/bin/tsgi.js", import.meta.url));

/** A `tsgi serve <spec>` child process on an ephemeral 127.0.0.1 port. */
export interface CliServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the real tsgi CLI and resolves once it prints the URL it listens at. */
export function serveWithCli(spec: string, args: string[] = []): Promise<CliServer> {
  const child = spawn(process.execPath, [TSGI, "serve", spec, "--bind", "127.0.0.1:0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`tsgi serve did not start:\n${output}`)), 15_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = /Listening at: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, output: () => output, stop: () => stop(child) });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`tsgi serve exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
