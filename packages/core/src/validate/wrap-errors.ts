import type { ErrorStream } from "../types.js";
import { describeValue } from "../describe-value.js";
import type { Reporter } from "./reporter.js";

/**
 * Puts a checking layer between the app and `tsgi.errors` (SPEC.md §3.5):
 * strings only from the app, no exceptions from the server, no close().
 */
export function wrapErrors(errors: ErrorStream, r: Reporter): ErrorStream {
  function guard(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      r.failIntoApp("errors.accept-any", `tsgi.errors.${what} threw: ${error instanceof Error ? error.message : describeValue(error)}`);
    }
  }
  return {
    write(text: string): void {
      if (typeof text !== "string") r.failIntoApp("errors.write-arg", `tsgi.errors.write takes a string, got ${describeValue(text)}`);
      guard("write", () => errors.write(text));
    },
    writelines(lines: Iterable<string>): void {
      const list: unknown[] = [];
      if (lines == null || typeof (lines as Iterable<unknown>)[Symbol.iterator] !== "function") {
        r.failIntoApp("errors.write-arg", `tsgi.errors.writelines takes an iterable of strings, got ${describeValue(lines)}`);
      } else {
        for (const line of lines as Iterable<unknown>) {
          if (typeof line !== "string") r.failIntoApp("errors.write-arg", `tsgi.errors.writelines got a non-string line: ${describeValue(line)}`);
          list.push(line);
        }
      }
      guard("writelines", () => errors.writelines(list as string[]));
    },
    flush(): void {
      guard("flush", () => errors.flush());
    },
    close(): void {
      r.failIntoApp("errors.no-close", "the app must not close tsgi.errors");
    },
  } as ErrorStream;
}
