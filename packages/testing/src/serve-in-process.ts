import { checkResponseHead, getHeader, statusCode, statusHasNoBody, type App, type Body, type Environ, type HeaderList, type StartResponse } from "@tsgi/core";
import { BodyReader } from "./body-reader.js";
import type { ClientSide } from "./client-side.js";
import { isSpecViolation } from "./spec-validation.js";

/** The response as a server would send it: status and headers, then the body as it is produced. */
export interface Exchange {
  status: string;
  headers: HeaderList;
  body: BodyReader;
  /** The app error answered with a 500 when `catchErrors` is on. */
  error: unknown;
  /** The request's tsgi.signal and recorded early hints. */
  side?: ClientSide;
}

const ERROR_PAGE = new TextEncoder().encode("Internal Server Error");

/**
 * Plays the server's part for one request, in process: calls the app, pulls
 * its body until the headers would go out (first non-empty chunk, or the end),
 * and hands back status, headers and a reader for the rest. Reproduces what
 * SPEC §5–6 asks of servers: a second startResponse only with excInfo (which
 * is re-thrown once headers are out), no body for HEAD, 1xx, 204 and 304 (the
 * body is still closed), Content-Length enforced, close() exactly once.
 *
 * An error before the headers is thrown, or with `catchErrors` answered with
 * a 500 and logged to `tsgi.errors`, as a server does. A SpecViolation from
 * the validator is always thrown: it is the test's finding, not the app's 500.
 */
export async function serveInProcess(app: App, environ: Environ, catchErrors: boolean): Promise<Exchange> {
  let status: string | undefined;
  let headers: HeaderList | undefined;
  let sent = false;
  const startResponse: StartResponse = (s, h, excInfo) => {
    if (excInfo !== undefined) {
      if (sent) throw excInfo;
    } else if (status !== undefined) {
      throw new Error("startResponse was called a second time without excInfo (SPEC §5.4)");
    }
    // The checks @tsgi/server makes, thrown inside the app's call (SPEC [start-response.server-checks]).
    checkResponseHead(s, h);
    status = s;
    headers = h;
  };

  let reader = new BodyReader();
  try {
    const body: Body = await app(environ, startResponse);
    reader = new BodyReader(body);
    const noBodyFor = (s: string): boolean => environ.REQUEST_METHOD === "HEAD" || statusHasNoBody(statusCode(s));
    for (;;) {
      // Like a server, stop pulling a HEAD or 204/304 body once its headers are known.
      if (status !== undefined && noBodyFor(status)) break;
      const chunk = await reader.pull();
      if (chunk === undefined) break;
      if (chunk.byteLength === 0) continue;
      if (status === undefined) throw new Error("the app yielded body bytes before calling startResponse (SPEC §5.5)");
      reader.unshift(chunk);
      break;
    }
    if (status === undefined) throw new Error("the app's body ended without the app calling startResponse (SPEC §5.5)");
    sent = true;
    if (!Array.isArray(headers)) throw new TypeError("startResponse was given headers that are not an array (SPEC §5.3)");
    const sentHeaders: HeaderList = headers.map(([name, value]) => [name, value]);
    if (noBodyFor(status)) {
      await reader.cancel();
    } else {
      reader.expectLength(declaredLength(sentHeaders));
    }
    return { status, headers: sentHeaders, body: reader, error: undefined };
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (!catchErrors || isSpecViolation(error)) throw error;
    environ["tsgi.errors"].write(`Error before the response started: ${describeError(error)}\n`);
    reader.replaceWith(environ.REQUEST_METHOD === "HEAD" ? [] : [ERROR_PAGE]);
    return {
      status: "500 Internal Server Error",
      headers: [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["Content-Length", String(ERROR_PAGE.byteLength)],
      ],
      body: reader,
      error,
    };
  }
}

function declaredLength(headers: HeaderList): number | undefined {
  const value = getHeader(headers, "content-length");
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`the app sent an invalid Content-Length: ${JSON.stringify(value)}`);
  return Number(value);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
