import Negotiator from "negotiator";

/** The body formats an error page comes in. */
export type ErrorFormat = "json" | "html" | "text";

/** What the `format` option accepts. */
export type FormatOption = "negotiate" | ErrorFormat;

// Plain text first: it is what `*/*` (curl) and a missing Accept get.
const OFFERED = ["text/plain", "text/html", "application/problem+json", "application/json"];
const FORMAT_OF: Record<string, ErrorFormat> = {
  "text/plain": "text",
  "text/html": "html",
  "application/problem+json": "json",
  "application/json": "json",
};

/**
 * Picks the error page's format from the request's Accept header (with the
 * negotiator library: q-values, wildcards, specificity). A client that
 * accepts none of them still gets plain text: an error is no reason for a 406.
 */
export function negotiateFormat(accept: unknown, option: FormatOption): ErrorFormat {
  if (option !== "negotiate") return option;
  if (typeof accept !== "string" || accept === "") return "text";
  const type = new Negotiator({ headers: { accept } }).mediaType(OFFERED);
  return (type !== undefined && FORMAT_OF[type]) || "text";
}
