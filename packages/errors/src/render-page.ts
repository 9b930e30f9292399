import type { DebugReport } from "./debug-report.js";
import { renderDebugHtml } from "./render-debug-html.js";
import { escapeHtml } from "./html-escape.js";
import type { ErrorFormat } from "./negotiate-format.js";
import { PAGE_STYLE } from "./page-style.js";

/** What an error page says. */
export interface PageContent {
  status: number;
  /** The reason phrase: `Not Found`. */
  title: string;
  /** The exposed message, or a statusPages text; absent in production for unexposed errors. */
  detail: string | undefined;
  requestId: string;
  /** Only with `debug: true`. */
  debug?: DebugReport | undefined;
}

export interface RenderedPage {
  contentType: string;
  body: Uint8Array;
}

const encoder = new TextEncoder();

/** The error page in one of the three formats, as bytes. */
export function renderPage(format: ErrorFormat, page: PageContent): RenderedPage {
  if (format === "json") return { contentType: "application/problem+json", body: encoder.encode(renderProblem(page)) };
  if (format === "html") return { contentType: "text/html; charset=utf-8", body: encoder.encode(renderHtml(page)) };
  return { contentType: "text/plain; charset=utf-8", body: encoder.encode(renderText(page)) };
}

/** RFC 9457 problem details; `instance` is the request id, so a report can be matched to the log. */
function renderProblem(page: PageContent): string {
  const problem: Record<string, unknown> = { type: "about:blank", title: page.title, status: page.status };
  if (page.detail !== undefined) problem.detail = page.detail;
  problem.instance = page.requestId;
  if (page.debug !== undefined) {
    problem.errors = page.debug.chain.map((link) => ({
      relation: link.relation || undefined,
      name: link.name,
      message: link.message,
      stack: link.frames.map((frame) => frame.text),
    }));
  }
  return `${JSON.stringify(problem)}\n`;
}

function renderText(page: PageContent): string {
  let text = `${page.detail ?? page.title}\nrequest id: ${page.requestId}\n`;
  if (page.debug === undefined) return text;
  for (const link of page.debug.chain) {
    const label = link.relation === "" ? "" : `${link.relation}: `;
    text += `\n${"  ".repeat(link.depth)}${label}${link.name}: ${link.message}\n`;
    for (const frame of link.frames) text += `${"  ".repeat(link.depth)}    at ${frame.text}\n`;
  }
  return text;
}

function renderHtml(page: PageContent): string {
  const heading = `${page.status} ${page.title}`;
  const detail = page.detail === undefined ? "" : `<p>${escapeHtml(page.detail)}</p>`;
  const debug = page.debug === undefined ? "" : renderDebugHtml(page.debug);
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><style>${PAGE_STYLE}</style></head>` +
    `<body><h1>${escapeHtml(heading)}</h1>${detail}${debug}` +
    `<p class="id">request id: <code>${escapeHtml(page.requestId)}</code></p></body></html>\n`
  );
}
