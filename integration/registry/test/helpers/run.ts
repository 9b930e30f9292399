import { spawn } from "node:child_process";

export interface RunResult {
  code: number | null;
  /** stdout and stderr interleaved, for error messages. */
  output: string;
  stdout: string;
}

/**
 * Runs a command to completion with a time bound and returns its output;
 * a non-zero exit is an error that carries the output, so a failed step
 * says what the tool said.
 */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...strangerEnv(), ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const line = `$ ${command} ${args.join(" ")}  (in ${options.cwd})`;
      if (code === 0) resolve({ code, output, stdout });
      else reject(new Error(`${line}\nexited ${code}\n${output.slice(-3000)}`));
    });
  });
}

/** Logs one step the way CI output should show it. */
export function step(text: string): void {
  process.stdout.write(`[registry] ${text}\n`);
}

/**
 * This process's environment without the npm_config_* / pnpm_config_* that
 * `pnpm test` sets for its scripts (registry among them): a stranger's shell
 * has none, and they would override the .npmrc of the folder a step runs in.
 */
export function strangerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm|pnpm)_config_/i.test(name)));
}
