import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ChainLink, DebugReport, SourceLine, StackFrame } from "./debug-report.js";
import { errorChain, type RawLink } from "./error-chain.js";
import { maskEnviron } from "./mask-environ.js";
import { parseStack, type ParsedFrame } from "./parse-stack.js";
import { originalPosition } from "./source-maps.js";

const CONTEXT_LINES = 3;
// Source is shown for the first frames only: those are where the bug is,
// and reading every file of a deep stack would slow the page down.
const FRAMES_WITH_SOURCE = 6;
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
const COMPILED = /\.[cm]?js$/;

/**
 * Everything the development page shows: the error chain with each stack
 * mapped to the TypeScript source and a few lines of it, and the environ
 * with secrets masked. Only loaded with `debug: true`.
 */
export async function buildDebugReport(error: unknown, environ: Record<string, unknown>): Promise<DebugReport> {
  const chain = await Promise.all(errorChain(error).map(buildLink));
  return { chain, environ: maskEnviron(environ) };
}

async function buildLink(raw: RawLink): Promise<ChainLink> {
  const parsed = parseStack(raw.stack);
  const frames = await Promise.all(parsed.map((frame, i) => buildFrame(frame, i < FRAMES_WITH_SOURCE)));
  return { relation: raw.relation, depth: raw.depth, name: raw.name, message: raw.message, frames };
}

async function buildFrame(frame: ParsedFrame, withSource: boolean): Promise<StackFrame> {
  if (frame.file === undefined || frame.line === undefined || frame.column === undefined) {
    return { text: frame.raw, file: undefined, line: undefined, column: undefined, mapped: false, context: undefined };
  }
  let { file, line, column } = frame;
  let content: string | undefined;
  let mapped = false;
  if (COMPILED.test(file) && !file.includes("node_modules")) {
    const original = await originalPosition(file, line, column).catch(() => undefined);
    if (original !== undefined) {
      ({ file, line, column, content } = original);
      mapped = true;
    }
  }
  const where = `${file}:${line}:${column}`;
  const text = frame.fn === "" ? where : `${frame.fn} (${where})`;
  const context = withSource ? sourceContext(content ?? (await readSource(file)), line) : undefined;
  return { text, file, line, column, mapped, context };
}

async function readSource(file: string): Promise<string | undefined> {
  if (file.startsWith("node:") || file.includes("node_modules")) return undefined;
  try {
    const path = file.startsWith("file:") ? fileURLToPath(file) : file;
    if (!path.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(path)) return undefined;
    const text = await readFile(path, "utf8");
    return text.length > MAX_SOURCE_BYTES ? undefined : text;
  } catch {
    return undefined;
  }
}

function sourceContext(source: string | undefined, line: number): SourceLine[] | undefined {
  if (source === undefined) return undefined;
  const lines = source.split(/\r?\n/);
  if (line < 1 || line > lines.length) return undefined;
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const context: SourceLine[] = [];
  for (let n = first; n <= last; n++) context.push({ number: n, text: lines[n - 1]!, here: n === line });
  return context;
}
