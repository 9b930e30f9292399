import type { ErrorStream } from "./types.js";

/**
 * Makes a `tsgi.errors` that hands every piece of text to `sink`. Servers pass
 * a stderr writer; tests pass a collector. It never throws on odd input: a
 * non-string is converted, as the spec asks the stream to accept any text.
 */
export function createErrorStream(sink: (text: string) => void): ErrorStream {
  return {
    write(text: string) {
      sink(typeof text === "string" ? text : String(text));
    },
    writelines(lines: Iterable<string>) {
      for (const line of lines) sink(typeof line === "string" ? line : String(line));
    },
    flush() {},
  };
}
