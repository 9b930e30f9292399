/** The parts of a Content-Type value that rewriting needs. */
export interface MediaType {
  /** `type/subtype`, lower-cased, without parameters. */
  essence: string;
  /** The charset parameter, lower-cased, if any. */
  charset: string | undefined;
}

export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const [head = "", ...params] = value.split(";");
  const essence = head.trim().toLowerCase();
  if (!essence.includes("/")) return undefined;
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1").toLowerCase();
  }
  return { essence, charset };
}

/** `value` with its charset parameter set to `charset` (added if missing). */
export function withCharset(value: string, charset: string): string {
  const parts = value.split(";").filter((p) => !/^\s*charset\s*=/i.test(p));
  return [...parts.map((p, i) => (i === 0 ? p.trim() : p)), ` charset=${charset}`].join(";");
}

/** Text types `rewriteText` touches by default: text/*, JSON, JavaScript, XML and their +json/+xml kin. */
export function isTextType(essence: string): boolean {
  if (essence.startsWith("text/")) return true;
  if (essence.endsWith("+json") || essence.endsWith("+xml")) return true;
  return ["application/json", "application/javascript", "application/xml", "application/x-www-form-urlencoded"].includes(essence);
}

/** HTML types `rewriteHtml` touches by default. */
export function isHtmlType(essence: string): boolean {
  return essence === "text/html" || essence === "application/xhtml+xml";
}
