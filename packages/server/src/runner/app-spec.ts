import { statSync } from "node:fs";
import * as path from "node:path";
import { CliError, usageError } from "../cli/cli-error.js";

/** `src/app.ts:createApp()` → the module file, the export, and whether to call it. */
export interface AppSpec {
  /** As the user wrote it, for messages. */
  module: string;
  /** Absolute path of the file found. */
  file: string;
  /** The export named after `:`, or undefined for "app, then default". */
  exportName: string | undefined;
  factory: boolean;
}

const SUFFIX = /:([A-Za-z_$][\w$]*)(\(\))?$/;
const EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".cts", ".cjs", ".tsx", ".jsx"];

/**
 * Parses `<module>[:<export>]` or `<module>:<factory>()` and finds the file,
 * trying the usual extensions when none is given (`tsgi serve app` → app.ts).
 */
export function parseAppSpec(spec: string, cwd = process.cwd()): AppSpec {
  const m = SUFFIX.exec(spec);
  const module = m === null ? spec : spec.slice(0, m.index);
  if (module === "") throw usageError(`<app> must be <module>[:<export>] or <module>:<factory>(), got "${spec}"`);
  const base = path.resolve(cwd, module);
  const candidates = path.extname(base) !== "" ? [base] : [];
  candidates.push(...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, "index" + ext)));
  const file = candidates.find((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  if (file === undefined) throw new CliError(`cannot find module "${module}" (looked for ${base})`);
  return { module, file, exportName: m?.[1], factory: m?.[2] !== undefined };
}

export function formatAppSpec(spec: AppSpec): string {
  if (spec.exportName === undefined) return spec.module;
  return `${spec.module}:${spec.exportName}${spec.factory ? "()" : ""}`;
}
