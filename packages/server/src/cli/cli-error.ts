/**
 * An error the user can fix (a bad option, a missing module, a port in use):
 * reported as one `tsgi: error: …` line on stderr, without a stack trace.
 * `exitCode` 2 is a usage error (as argparse), 1 anything else.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A bad option value: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}
