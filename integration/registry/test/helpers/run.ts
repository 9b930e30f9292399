import { spawn } from "node:child_process";

export interface RunResult {
  code: number | null;
  output: string;
}

/**
 * Runs a command to completion with a time bound and returns its output;
 * a non-zero exit is an error that carries the output, so a failed step
 * says what the tool said.
 */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const line = `$ ${command} ${args.join(" ")}  (in ${options.cwd})`;
      if (code === 0) resolve({ code, output });
      else reject(new Error(`${line}\nexited ${code}\n${output.slice(-3000)}`));
    });
  });
}

/** Logs one step the way CI output should show it. */
export function step(text: string): void {
  process.stdout.write(`[registry] ${text}\n`);
}
