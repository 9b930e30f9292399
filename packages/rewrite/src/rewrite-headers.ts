import { appendHeader, deleteHeader, setHeader, withStartResponse, type App, type Environ, type HeaderList, type StartEdit } from "@tsgi/core";

/** A declarative header edit: `remove` first, then `set` (replacing), then `append` (adding). */
export interface HeaderRules {
  set?: Record<string, string>;
  append?: Record<string, string | readonly string[]>;
  remove?: readonly string[];
}

/** A function edit: change `headers` in place and/or return a new status or header list. */
export type HeaderEdit = (status: string, headers: HeaderList, environ: Environ) => StartEdit | void;

/**
 * Rewrites the status and headers of every response (security headers,
 * CORS, a Server field) without touching the body, so it costs nothing per
 * chunk. An error page sent with excInfo is edited too.
 *
 *     rewriteHeaders(app, { set: { "X-Content-Type-Options": "nosniff" }, remove: ["X-Powered-By"] })
 */
export function rewriteHeaders(app: App, edit: HeaderEdit | HeaderRules): App {
  return withStartResponse(app, typeof edit === "function" ? edit : applyRules(edit));
}

function applyRules(rules: HeaderRules): HeaderEdit {
  const remove = rules.remove ?? [];
  const set = Object.entries(rules.set ?? {});
  const append = Object.entries(rules.append ?? {}).flatMap(([name, value]) =>
    (typeof value === "string" ? [value] : value).map((v) => [name, v] as const),
  );
  return (_status, headers) => {
    for (const name of remove) deleteHeader(headers, name);
    for (const [name, value] of set) setHeader(headers, name, value);
    for (const [name, value] of append) appendHeader(headers, name, value);
  };
}
