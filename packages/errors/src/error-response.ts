import { addVary, STATUS_REASONS, statusLine, type Chunk, type HeaderList } from "@tsgi/core";
import { drainInput } from "./drain-input.js";
import { errorHeaders, keptAppHeaders, securityHeaders } from "./error-headers.js";
import { negotiateFormat } from "./negotiate-format.js";
import type { ResolvedOptions } from "./options.js";
import { readError } from "./read-error.js";
import { renderPage, type PageContent } from "./render-page.js";
import { reportError, type RequestFacts } from "./report-error.js";
import { requestIdOf } from "./request-id.js";

/** What the middleware knows when it answers an error before the headers went out. */
export interface ErrorContext {
  options: ResolvedOptions;
  request: RequestFacts;
  /** Headers of a response the app had started before failing. */
  started: HeaderList | undefined;
  phase: "app" | "body";
  /** The status of the response already passed on, when the error comes from its body. */
  sent?: number;
}

/** The error page to send: status line, headers and body. */
export interface ErrorAnswer {
  status: string;
  headers: HeaderList;
  body: Chunk[];
}

/**
 * Turns an error raised before any body byte went out into an error page:
 * drains the unread upload, logs once, and renders the page in the format
 * the client accepts. It never throws: a debug page that cannot be built
 * falls back to the production page.
 */
export async function errorAnswer(error: unknown, context: ErrorContext): Promise<ErrorAnswer> {
  const { options, request } = context;
  const facts = readError(error);
  const status = facts.status ?? 500;
  const id = requestIdOf(request, options.requestIdKey);
  reportError(options, request, error, { status, requestId: id, headersSent: false, phase: context.phase });
  await drainInput(request.input, options.drainLimit, request.environ.HTTP_EXPECT);
  const page: PageContent = { status, title: STATUS_REASONS[status] ?? "Error", detail: facts.exposedMessage, requestId: id };
  if (options.debug) {
    page.detail = messageOf(error) ?? page.detail;
    page.debug = await loadDebugReport(error, request);
  }
  const headers = [...keptAppHeaders(context.started), ...errorHeaders(facts.headers)];
  return pageAnswer(options, request, page, headers);
}

/** The page as a response, with the headers every error response carries. */
export function pageAnswer(options: ResolvedOptions, request: RequestFacts, page: PageContent, headers: HeaderList): ErrorAnswer {
  const format = negotiateFormat(request.environ.HTTP_ACCEPT, options.format);
  const rendered = renderPage(format, page);
  headers.push(["Content-Type", rendered.contentType], ["Content-Length", String(rendered.body.byteLength)]);
  headers.push(...securityHeaders(format === "html"));
  if (!headers.some(([name]) => name.toLowerCase() === "cache-control")) headers.push(["Cache-Control", "no-store"]);
  headers.push([options.requestIdHeader, page.requestId]);
  if (options.format === "negotiate") addVary(headers, "Accept");
  return { status: statusLine(page.status), headers, body: [rendered.body] };
}

function messageOf(error: unknown): string | undefined {
  try {
    const message = (error as { message?: unknown } | null | undefined)?.message;
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
}

async function loadDebugReport(error: unknown, request: RequestFacts): Promise<PageContent["debug"]> {
  try {
    const { buildDebugReport } = await import("./build-debug-report.js");
    return await buildDebugReport(error, request.environ);
  } catch {
    return undefined;
  }
}
