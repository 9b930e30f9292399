/** What one log line says about one error. */
export interface LogFacts {
  status: number;
  method: string;
  path: string;
  requestId: string;
  /** What the middleware did: answered with an error page, aborted the response, or only logged. */
  outcome: string;
  stack: string;
}

/** A log line is cut here, so a 1 MB message cannot flood the log. */
export const MAX_LOG_LINE = 16 * 1024;

/**
 * One line per error. Newlines of the stack (and any control character a
 * message or a decoded path may carry) are written as escapes, so one error
 * is exactly one line and nobody can forge a second line through a request
 * path or an error message.
 */
export function formatLogLine(facts: LogFacts): string {
  const line = `[tsgi errors] ${facts.status} ${facts.method} ${facts.path} request_id=${facts.requestId} ${facts.outcome}: ${facts.stack}`;
  const escaped = escapeControls(line.length > MAX_LOG_LINE * 2 ? line.slice(0, MAX_LOG_LINE * 2) : line);
  if (escaped.length <= MAX_LOG_LINE) return `${escaped}\n`;
  return `${escaped.slice(0, MAX_LOG_LINE)}… (cut at ${MAX_LOG_LINE} characters)\n`;
}

/** Control characters (and U+2028/9) as `\n`-style escapes, so a text stays on one line. */
export function escapeControls(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
