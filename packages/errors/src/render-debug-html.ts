import type { ChainLink, DebugReport, StackFrame } from "./debug-report.js";
import { escapeHtml } from "./html-escape.js";

/** The development part of the HTML page: the error chain with source, then the environ. */
export function renderDebugHtml(report: DebugReport): string {
  const chain = report.chain.map(renderLink).join("");
  const rows = report.environ.map(([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${escapeHtml(value)}</td></tr>`);
  return `${chain}<h2>Environ</h2><table>${rows.join("")}</table>`;
}

function renderLink(link: ChainLink): string {
  const label = link.relation === "" ? "" : `${escapeHtml(link.relation)}: `;
  const frames = link.frames.map(renderFrame).join("");
  return `<section><h2>${label}${escapeHtml(link.name)}: ${escapeHtml(link.message)}</h2>${frames}</section>`;
}

function renderFrame(frame: StackFrame): string {
  const mapped = frame.mapped ? " <small>(source map)</small>" : "";
  const head = `<div class="frame">at ${escapeHtml(frame.text)}${mapped}</div>`;
  if (frame.context === undefined) return head;
  const lines = frame.context.map((line) => {
    const text = `${String(line.number).padStart(5)}  ${escapeHtml(line.text)}`;
    return line.here ? `<span class="here">${text}</span>` : text;
  });
  return `${head}<pre>${lines.join("\n")}</pre>`;
}
