import type { App, Environ, HeaderList } from "./types.js";

/** What an edit returns: a new status and/or header list, or nothing to keep them. */
export interface StartEdit {
  status?: string;
  headers?: HeaderList;
}

/**
 * Wraps `app` so that `edit` sees (and may change) the status and headers
 * each time the app calls startResponse, before they reach the server. The
 * body is passed through untouched, so streaming and close() are unaffected:
 * the cheapest way to write header-only middleware (security headers, CORS,
 * Server-Timing, Vary). excInfo is passed through as the spec requires.
 */
export function withStartResponse(
  app: App,
  edit: (status: string, headers: HeaderList, environ: Environ) => StartEdit | void,
): App {
  return (environ, startResponse) =>
    app(environ, (status, headers, excInfo) => {
      const changed = edit(status, headers, environ);
      startResponse(changed?.status ?? status, changed?.headers ?? headers, excInfo);
    });
}
