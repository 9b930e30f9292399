import { pathToFileURL } from "node:url";
import { describeValue, type App } from "@tsgi/core";
import type { AppSpec } from "./app-spec.js";
import { CliError } from "../cli/cli-error.js";
import { lifespanOf, type Lifespan } from "./lifespan.js";

/** A user's module failed while loading (syntax error, top-level throw): shown with its stack. */
export class AppLoadError extends Error {
  constructor(message: string, readonly original: unknown) {
    super(message);
    this.name = "AppLoadError";
  }
}

/**
 * Imports the module with tsx (so .ts/.mts work on Node 20 without a build)
 * and picks the app: the named export, else `app`, else `default`; a factory
 * (`:createApp()`) is called with no arguments and may return a promise.
 */
export async function loadApp(spec: AppSpec): Promise<App> {
  return (await loadAppModule(spec)).app;
}

/** As loadApp, plus the module's optional `startup`/`shutdown` exports (SPEC §9.12). */
export async function loadAppModule(spec: AppSpec): Promise<{ app: App; lifespan: Lifespan }> {
  const ns = await importModule(spec);
  const name = pickExport(ns, spec);
  const value = ns[name];
  if (typeof value !== "function") {
    throw new CliError(`export "${name}" of "${spec.module}" is not a function (got ${describeValue(value)})`);
  }
  const lifespan = lifespanOf(ns, spec.module);
  if (!spec.factory) return { app: value as App, lifespan };
  let app: unknown;
  try {
    app = await (value as () => unknown)();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppLoadError(`${name}() in "${spec.module}" threw: ${message}`, error);
  }
  if (typeof app !== "function") {
    throw new CliError(`${name}() in "${spec.module}" did not return an app function (got ${describeValue(app)})`);
  }
  return { app: app as App, lifespan };
}

async function importModule(spec: AppSpec): Promise<Record<string, unknown>> {
  const { tsImport } = await import("tsx/esm/api");
  try {
    return (await tsImport(pathToFileURL(spec.file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AppLoadError(`failed to load "${spec.module}": ${message}`, error);
  }
}

/** The export named after `:`, else `app`, else `default`; a missing one is named with what the module has. */
function pickExport(ns: Record<string, unknown>, spec: AppSpec): string {
  // tsx may wrap a CommonJS module's exports in `default`.
  const names = Object.keys(ns).filter(
    (k) => k !== "__esModule" && k !== "module.exports" && !(k === "default" && typeof ns.default === "object"),
  );
  const has = names.length > 0 ? ` (it exports: ${names.join(", ")})` : "";
  const name = spec.exportName;
  if (name === undefined) {
    if (ns.app !== undefined) return "app";
    if (ns.default !== undefined) return "default";
    throw new CliError(`module "${spec.module}" exports neither "app" nor "default"${has}`);
  }
  if (!(name in ns) || ns[name] === undefined) throw new CliError(`module "${spec.module}" has no export "${name}"${has}`);
  return name;
}
