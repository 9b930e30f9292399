import type { Environ } from "@tsgi/core";
import { escapeLogText } from "../escape-log-text.js";
import { usageError } from "../cli/cli-error.js";

/** Apache's combined format, in gunicorn's `%(atom)s` syntax. */
export const COMBINED_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';

export interface AccessInfo {
  environ: Environ;
  status: number;
  bytes: number;
  durationMs: number;
}

type Part = string | ((info: AccessInfo) => string);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

let clfSecond = -1;
let clfText = "";

/** `[10/Oct/2000:13:55:36 -0700]`, cached per second: one per line would cost more than the line. */
function clfTime(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== clfSecond) {
    const d = new Date(now);
    const offset = -d.getTimezoneOffset();
    const abs = Math.abs(offset);
    const p = (n: number) => String(n).padStart(2, "0");
    clfText =
      `[${p(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${p(d.getHours())}:${p(d.getMinutes())}:` +
      `${p(d.getSeconds())} ${offset >= 0 ? "+" : "-"}${p(Math.floor(abs / 60))}${p(abs % 60)}]`;
    clfSecond = second;
  }
  return clfText;
}

function dash(value: unknown): string {
  return typeof value === "string" && value !== "" ? value : "-";
}

/** The request-target as the client sent it. */
function rawUri(e: Environ): string {
  return typeof e["tsgi.raw_uri"] === "string" ? e["tsgi.raw_uri"] : e.PATH_INFO;
}

function rawPath(e: Environ): string {
  const uri = rawUri(e);
  const q = uri.indexOf("?");
  return q === -1 ? uri : uri.slice(0, q);
}

function user(e: Environ): string {
  if (typeof e.REMOTE_USER === "string" && e.REMOTE_USER !== "") return e.REMOTE_USER;
  const auth = e.HTTP_AUTHORIZATION;
  if (auth === undefined || !/^basic /i.test(auth)) return "-";
  const decoded = Buffer.from(auth.slice(6).trim(), "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  return colon > 0 ? decoded.slice(0, colon) : "-";
}

const ATOMS: Record<string, (i: AccessInfo) => string> = {
  h: (i) => dash(i.environ.REMOTE_ADDR),
  l: () => "-",
  u: (i) => user(i.environ),
  t: () => clfTime(),
  r: (i) => `${i.environ.REQUEST_METHOD} ${rawUri(i.environ)} ${i.environ.SERVER_PROTOCOL}`,
  m: (i) => i.environ.REQUEST_METHOD,
  U: (i) => rawPath(i.environ),
  q: (i) => i.environ.QUERY_STRING,
  H: (i) => i.environ.SERVER_PROTOCOL,
  s: (i) => String(i.status),
  B: (i) => String(i.bytes),
  b: (i) => (i.bytes > 0 ? String(i.bytes) : "-"),
  f: (i) => dash(i.environ.HTTP_REFERER),
  a: (i) => dash(i.environ.HTTP_USER_AGENT),
  T: (i) => String(Math.floor(i.durationMs / 1000)),
  M: (i) => String(Math.round(i.durationMs)),
  D: (i) => String(Math.round(i.durationMs * 1000)),
  L: (i) => (i.durationMs / 1000).toFixed(6),
  p: () => `<${process.pid}>`,
};

const ATOM = /%\((\{[^}]*\}[ie]|[A-Za-z])\)s|%%/g;

/**
 * Compiles a gunicorn-style format (`%(h)s`, `%({x-request-id}i)s` for a
 * request header, `%({tsgi.url_scheme}e)s` for an environ key) into a
 * function from one response to its log line (without the newline).
 */
export function compileAccessLogFormat(format: string): (info: AccessInfo) => string {
  const parts: Part[] = [];
  let last = 0;
  for (const m of format.matchAll(ATOM)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === "%%") {
      parts.push("%");
      continue;
    }
    const atom = m[1]!;
    if (atom.startsWith("{")) {
      const name = atom.slice(1, -2);
      const key =
        atom.endsWith("i") ?
          /^content-type$/i.test(name) ? "CONTENT_TYPE"
          : /^content-length$/i.test(name) ? "CONTENT_LENGTH"
          : "HTTP_" + name.toUpperCase().replace(/-/g, "_")
        : name;
      parts.push((i) => dash(i.environ[key]));
    } else {
      const fn = ATOMS[atom];
      if (fn === undefined) throw usageError(`--access-log-format: unknown atom "%(${atom})s"`);
      parts.push(fn);
    }
  }
  if (last < format.length) parts.push(format.slice(last));
  return (info) => {
    let line = "";
    // Every atom is escaped, whatever it is made of: REMOTE_ADDR, the status line and all.
    for (const part of parts) line += typeof part === "string" ? part : escapeLogText(part(info));
    return line;
  };
}
