import {
  checkResponseHead,
  createStartResponse,
  formatError,
  ResponseBody,
  statusHasNoBody,
  type App,
  type Body,
  type Environ,
  type HeaderList,
} from "@tsgi/core";
import type { ClientSide } from "./client-side.js";
import { ResponseReader } from "./response-reader.js";
import { isSpecViolation } from "./spec-validation.js";

/** The response as a server would send it: status and headers, then the body as it is produced. */
export interface InProcessResponse {
  status: string;
  headers: HeaderList;
  body: ResponseReader;
  /** The app error answered with a 500 when `catchErrors` is on. */
  error: unknown;
  /** The request's tsgi.signal and recorded early hints. */
  side?: ClientSide;
}

interface SentHead {
  status: string;
  code: number;
  headers: HeaderList;
  contentLength: number;
}

const ERROR_PAGE = new TextEncoder().encode("Internal Server Error");

/**
 * Plays the server's part for one request, in process, on core's response
 * driver (the same `ResponseStart` and `ResponseBody` as `@tsgi/server`):
 * calls the app, pulls its body until the headers would go out (first
 * non-empty chunk, or the end), and hands back status, headers and a reader
 * for the rest. HEAD, 1xx, 204 and 304 get no body (it is still closed).
 *
 * An error before the headers is thrown, or with `catchErrors` answered with
 * a 500 and logged to `tsgi.errors`, as a server does. A SpecViolation from
 * the validator is always thrown: it is the test's finding, not the app's 500.
 */
export async function serveInProcess(app: App, environ: Environ, catchErrors: boolean): Promise<InProcessResponse> {
  // The checks @tsgi/server makes, thrown inside the app's call (SPEC [start-response.server-checks]).
  const start = createStartResponse<SentHead>((status, headers) => ({ status, headers, ...checkResponseHead(status, headers) }));
  const isHead = environ.REQUEST_METHOD === "HEAD";
  const noBody = (head: SentHead): boolean => isHead || statusHasNoBody(head.code);
  let driver: ResponseBody | undefined;
  try {
    const body: Body = await app(environ, start.startResponse);
    driver = new ResponseBody(body);
    const first = await driver.first(start, noBody);
    const head = start.head!;
    start.markSent();
    const reader = new ResponseReader(driver, hasClose(body), first === undefined ? [] : [first]);
    if (noBody(head)) await reader.cancel();
    else driver.expectLength(head.contentLength);
    return { status: head.status, headers: head.headers.map(([name, value]) => [name, value]), body: reader, error: undefined };
  } catch (error) {
    await new ResponseReader(driver, false).cancel().catch(() => {});
    if (!catchErrors || isSpecViolation(error)) throw error;
    environ["tsgi.errors"].write(`Error before the response started: ${formatError(error)}\n`);
    return errorResponse(isHead, error);
  }
}

function errorResponse(isHead: boolean, error: unknown): InProcessResponse {
  return {
    status: "500 Internal Server Error",
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Length", String(ERROR_PAGE.byteLength)],
    ],
    body: new ResponseReader(undefined, false, isHead ? [] : [ERROR_PAGE]),
    error,
  };
}

function hasClose(body: Body): boolean {
  try {
    return body != null && typeof body.close === "function";
  } catch {
    return false;
  }
}
