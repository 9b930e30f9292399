import type { App, Environ } from "@tsgi/core";
import { cascade } from "./cascade.js";
import { callMounted } from "./mount-environ.js";
import { MountTable, type Candidate } from "./mount-table.js";
import { resolveOptions, type ResolvedOptions } from "./options.js";
import { prefixEnd, readRequestPath, type RequestPath } from "./request-path.js";
import { badRequest, listingPage, notFound, slashRedirect } from "./responses.js";
import type { DispatchOptions, Mounts } from "./types.js";

/**
 * One app made of many: each request goes to the mount with the longest
 * matching prefix (on segment boundaries; host keys before path keys), which
 * sees the prefix in SCRIPT_NAME and the rest in PATH_INFO. The table is
 * compiled here, once.
 */
export function dispatch(mounts: Mounts, options?: DispatchOptions): App {
  if (typeof mounts !== "object" || mounts === null) throw new TypeError("dispatch: mounts must be an object or an iterable of [key, app]");
  const opts = resolveOptions(options);
  const table = new MountTable(mounts, opts.params);
  const fallback = opts.fallback ?? (opts.listMounts ? listingPage(table.keys) : notFound);
  return (environ, startResponse) => {
    const path = readRequestPath(environ, opts);
    if (path === undefined) return badRequest(startResponse);
    const best = table.first(environ, path);
    if (best === undefined) return fallback(environ, startResponse);
    if (redirects(opts, environ, best, path)) {
      const prefix = path.pathInfo.slice(0, prefixEnd(path, best.end));
      return slashRedirect(environ, environ.SCRIPT_NAME + prefix, opts.redirectSlash as 301 | 308, startResponse);
    }
    if (opts.cascade) return cascade(table.all(environ, path), environ, path, fallback, startResponse);
    return callMounted(environ, startResponse, best, path);
  };
}

/**
 * Whether to send `/app1` to `/app1/`. A 301 turns POST into GET in every
 * browser, so with 301 only GET and HEAD are redirected; 308 keeps the method.
 */
function redirects(opts: ResolvedOptions, environ: Environ, best: Candidate, path: RequestPath): boolean {
  if (opts.redirectSlash === false) return false;
  if (prefixEnd(path, best.end) !== path.pathInfo.length || environ.SCRIPT_NAME + path.pathInfo === "") return false;
  if (opts.redirectSlash === 308) return true;
  return environ.REQUEST_METHOD === "GET" || environ.REQUEST_METHOD === "HEAD";
}
