import cluster from "node:cluster";
import { createRequire } from "node:module";
import { formatError } from "@tsgi/core";
import { CommanderError } from "commander";
import { CliError } from "./cli/cli-error.js";
import { createLogger } from "./runner/logger.js";
import { WORKER_ENV } from "./runner/messages.js";
import { createProgram } from "./cli/program.js";
import { startServing } from "./runner/start.js";
import { runWorker } from "./runner/worker.js";
import { fileURLToPath } from "node:url";

/** `tsgi` — parses the command line and runs it; resolves with the exit code. */
async function main(argv: string[]): Promise<number> {
  const { version } = createRequire(import.meta.url)("../package.json") as { version: string };
  let exitCode = 0;
  const program = createProgram(version, async (config) => {
    const logger = createLogger(config.logLevel);
    const serving = await startServing(config, { exec: fileURLToPath(import.meta.url), logger, handleSignals: true });
    exitCode = await serving.done;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end in a "CommanderError" with exit code 0; parse errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`tsgi: error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`tsgi: error: ${formatError(error)}\n`);
    return 1;
  }
}

// A log reader that goes away (a closed pipe: EPIPE) must not take the server down with it.
process.stderr.on("error", () => {});
process.stdout.on("error", () => {});

if (cluster.isWorker && process.env[WORKER_ENV] !== undefined) {
  void runWorker();
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
