import type { Body, HeaderList, StartResponse } from "./types.js";

/**
 * Calls `startResponse(status, headers)` and returns `body`; if startResponse
 * throws (a server refuses a bad header, as SPEC [start-response.server-checks]
 * recommends), closes `body` first and re-throws, so the body the middleware
 * got from callApp does not leak (SPEC [middleware.close]).
 *
 *     const { status, headers, body } = await callApp(app, environ);
 *     return respond(startResponse, status, headers, mapBody(body, fn));
 */
export function respond(startResponse: StartResponse, status: string, headers: HeaderList, body: Body): Body | Promise<Body> {
  try {
    startResponse(status, headers);
  } catch (error) {
    return closeThenThrow(body, error);
  }
  return body;
}

async function closeThenThrow(body: Body, error: unknown): Promise<never> {
  try {
    await body.close?.();
  } catch {
    // The startResponse error is the one the caller must see.
  }
  throw error;
}
