import { getHeader, statusCode, STATUS_REASONS, type AppResponse, type HeaderList } from "@tsgi/core";
import { pageAnswer, type ErrorAnswer } from "./error-response.js";
import type { ResolvedOptions } from "./options.js";
import { peekBody } from "./peek-body.js";
import type { RequestFacts } from "./report-error.js";
import { requestIdOf } from "./request-id.js";

// The app's headers that describe the (empty) body it gave, or that the
// page sets itself; every other header of the app is kept.
const REPLACED = /^(?:content-(?:type|length|encoding|range|md5|security-policy)|etag|last-modified|x-content-type-options)$/i;

/** The message of a status page for `status`, or undefined when statusPages does not cover it. */
function pageMessage(pages: ResolvedOptions["statusPages"], status: number): string | undefined {
  if (status < 400 || status > 599 || pages === false) return undefined;
  if (pages === true) return STATUS_REASONS[status] ?? "Error";
  return pages.get(status);
}

/**
 * Like Rack::ShowStatus: an app's 4xx/5xx response with an empty body gets a
 * page in the negotiated format, with the app's other headers kept. Returns
 * the response unchanged (possibly with a replaying body) otherwise.
 */
export async function withStatusPage(
  options: ResolvedOptions,
  request: RequestFacts,
  response: AppResponse,
): Promise<AppResponse | ErrorAnswer> {
  const code = statusCode(response.status);
  const message = pageMessage(options.statusPages, code);
  if (message === undefined) return response;
  const length = getHeader(response.headers, "Content-Length");
  if (length !== undefined && length !== "0") return response;
  const peeked = await peekBody(response.body);
  if (!peeked.empty) return { ...response, body: peeked.body };
  const headers: HeaderList = response.headers.filter(([name]) => !REPLACED.test(name));
  const detail = message === (STATUS_REASONS[code] ?? "Error") ? undefined : message;
  const id = requestIdOf(request, options.requestIdKey);
  return pageAnswer(options, request, { status: code, title: STATUS_REASONS[code] ?? "Error", detail, requestId: id }, headers);
}
