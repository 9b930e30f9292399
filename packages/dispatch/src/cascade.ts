import { callApp, closeBody, getHeader, respond, type App, type AppResponse, type Body, type Environ, type StartResponse } from "@tsgi/core";
import { MountScope } from "./mount-environ.js";
import type { Candidate } from "./mount-table.js";
import type { RequestPath } from "./request-path.js";
import { MOUNT_KEY } from "./environ-keys.js";

/** Rack's convention: a 404 with `X-Cascade: pass` means "not mine, try the next one". */
function declined(response: AppResponse): boolean {
  return response.code === 404 && getHeader(response.headers, "X-Cascade")?.trim().toLowerCase() === "pass";
}

/**
 * Tries the candidates in order, then the fallback. A declined body is
 * closed before the next candidate runs; the answer that is kept goes out
 * with its own status and headers (an outer dispatcher may cascade further).
 */
export async function cascade(
  candidates: readonly Candidate[],
  environ: Environ,
  path: RequestPath,
  fallback: App,
  startResponse: StartResponse,
): Promise<Body> {
  const hadMatch = MOUNT_KEY in environ;
  const previousMatch = environ[MOUNT_KEY];
  for (const candidate of candidates) {
    const scope = MountScope.of(environ, candidate, path);
    const response = await scope.during(() =>
      callApp(candidate.mount.app, environ, {
        // An error handler inside the mount may replace its answer before the first byte.
        onLateStart: (status, headers, excInfo) => startResponse(status, headers, excInfo),
      }),
    );
    if (declined(response)) {
      await scope.during(() => closeBody(response.body));
      continue;
    }
    return respond(startResponse, response.status, response.headers, scope.keep(response.body));
  }
  if (hadMatch) environ[MOUNT_KEY] = previousMatch;
  else delete environ[MOUNT_KEY];
  return fallback(environ, startResponse);
}
