import { addVary, type App, type Body, type Environ, type StartResponse } from "@tsgi/core";
import { lookupOnDisk } from "./disk-lookup.js";
import { isDotted } from "./dotfiles.js";
import type { Entry, FileEntry } from "./file-entry.js";
import { buildFileTable, type FileTable } from "./file-index.js";
import { resolveOptions, type ResolvedOptions, type StaticOptions } from "./options.js";
import { serveFile } from "./serve-file.js";
import { methodNotAllowed, redirectToSlash, textResponse } from "./simple-responses.js";
import { watchRoot } from "./watch-root.js";

/** The app staticFiles returns, with control over its file index. */
export interface StaticFilesApp extends App {
  /** Walks root again and swaps in the new index (no-op with `cache: false`). */
  refresh(): Promise<void>;
  /** Stops watching (with `watch: true`); the app keeps serving. */
  close(): void;
}

class StaticFiles {
  readonly opts: ResolvedOptions;
  #table: FileTable | undefined;

  constructor(options: StaticOptions) {
    this.opts = resolveOptions(options);
    this.#table = this.opts.cache === false ? undefined : buildFileTable(this.opts);
  }

  refresh(): void {
    if (this.#table !== undefined) this.#table = buildFileTable(this.opts);
  }

  lookup(below: string): Entry | undefined {
    return this.#table === undefined ? lookupOnDisk(this.opts, below) : this.#table.get(below);
  }

  /** The path below the prefix, or undefined when the request is not under it. */
  below(pathInfo: string): string | undefined {
    const prefix = this.opts.prefix;
    if (prefix === "") return pathInfo;
    if (pathInfo === prefix || (pathInfo.startsWith(prefix) && pathInfo.charCodeAt(prefix.length) === 47)) {
      return pathInfo.slice(prefix.length);
    }
    return undefined;
  }

  /** Whether a miss could get the SPA fallback: the answer then depends on Accept. */
  spaCandidate(below: string): boolean {
    return this.opts.spa !== undefined && !below.slice(below.lastIndexOf("/") + 1).includes(".");
  }

  /** The SPA fallback for a navigation (Accept: text/html), if one is configured and exists. */
  spaEntry(environ: Environ): FileEntry | undefined {
    if (!(environ.HTTP_ACCEPT ?? "").includes("text/html")) return undefined;
    const entry = this.lookup(`/${this.opts.spa}`);
    return entry?.kind === "file" ? entry : undefined;
  }
}

function miss(s: StaticFiles, app: App, environ: Environ, startResponse: StartResponse, below: string): Body | Promise<Body> {
  if (!s.spaCandidate(below)) return fallThrough(s, app, environ, startResponse);
  // HTML navigations get the SPA file and everything else the app, at the same URL: caches must key on Accept.
  const varied: StartResponse = (status, headers, excInfo) => startResponse(status, addVary(headers, "Accept"), excInfo);
  const spa = s.spaEntry(environ);
  if (spa !== undefined) {
    const served = serveFile(s.opts, environ, spa, varied);
    if (served instanceof Promise) return served.then((body) => body ?? fallThrough(s, app, environ, varied));
    if (served !== undefined) return served;
  }
  return fallThrough(s, app, environ, varied);
}

function fallThrough(s: StaticFiles, app: App, environ: Environ, startResponse: StartResponse): Body | Promise<Body> {
  if (s.opts.fallthrough) return app(environ, startResponse);
  return textResponse(startResponse, "404 Not Found", "Not Found\n");
}

/** GET and HEAD; synchronous for a file in memory, so the common case makes no Promise. */
function get(s: StaticFiles, app: App, environ: Environ, startResponse: StartResponse, below: string): Body | Promise<Body> {
  const entry = s.lookup(below);
  if (entry?.kind === "file") {
    const served = serveFile(s.opts, environ, entry, startResponse);
    if (served instanceof Promise) return served.then((body) => body ?? miss(s, app, environ, startResponse, below));
    if (served !== undefined) return served;
  } else if (entry?.kind === "directory" && s.lookup(`${below}/`)?.kind === "file") {
    return redirectToSlash(environ, startResponse);
  }
  return miss(s, app, environ, startResponse, below);
}

function handle(s: StaticFiles, app: App, environ: Environ, startResponse: StartResponse): Body | Promise<Body> {
  const below = s.below(environ.PATH_INFO);
  if (below === undefined) return app(environ, startResponse);
  if (s.opts.dotfiles !== "allow" && isDotted(below)) {
    if (s.opts.dotfiles === "deny") return textResponse(startResponse, "403 Forbidden", "Forbidden\n");
    // "ignore": as if there were no such file.
    const method = environ.REQUEST_METHOD;
    return method === "GET" || method === "HEAD" ? fallThrough(s, app, environ, startResponse) : app(environ, startResponse);
  }
  const method = environ.REQUEST_METHOD;
  if (method === "GET" || method === "HEAD") return get(s, app, environ, startResponse, below);
  if (s.opts.otherMethods === "405" && s.lookup(below) !== undefined) return methodNotAllowed(environ, startResponse);
  return app(environ, startResponse);
}

/**
 * Serves the files under `options.root` at PATH_INFO (below `options.prefix`)
 * and passes every other request to `app`. Mountable under any SCRIPT_NAME.
 * Options are checked here, once; the file index is built here too (unless
 * `cache: false`), synchronously, so the first request is already fast.
 */
export function staticFiles(app: App, options: StaticOptions): StaticFilesApp {
  if (typeof app !== "function") throw new TypeError("staticFiles: app must be a tsgi app (a function)");
  const s = new StaticFiles(options);
  const served: App = (environ, startResponse) => handle(s, app, environ, startResponse);
  const stop = s.opts.watch && s.opts.cache !== false ? watchRoot(s.opts.realRoot, () => s.refresh()) : () => {};
  return Object.assign(served, {
    refresh: async () => s.refresh(),
    close: stop,
  });
}
