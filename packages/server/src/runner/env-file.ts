import { readFileSync } from "node:fs";
import { CliError } from "../cli/cli-error.js";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/**
 * Parses a dotenv file: `KEY=value`, `export KEY=value`, `# comments`,
 * single quotes (literal), double quotes (with \n escapes), and unquoted
 * values ending at ` #`.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    if (m === null) continue;
    let value = m[2]!;
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      // A quoted value may span lines until its closing quote.
      let rest = value.slice(1);
      while (!rest.includes(quote) && i + 1 < lines.length) rest += "\n" + lines[++i];
      const end = rest.indexOf(quote);
      value = end === -1 ? rest : rest.slice(0, end);
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r").replace(/\\t/g, "\t").replace(/\\"/g, '"');
    } else {
      const hash = value.search(/\s#/);
      if (hash !== -1) value = value.slice(0, hash).trimEnd();
    }
    out[m[1]!] = value;
  }
  return out;
}

/**
 * Loads env files into process.env before workers start (they inherit it).
 * Variables already set in the environment win, as with `node --env-file`.
 */
export function loadEnvFiles(files: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`cannot read --env-file "${file}": ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
    }
    for (const [key, value] of Object.entries(parseEnvFile(text))) {
      if (env[key] === undefined) env[key] = value;
    }
  }
}
