import { usageError } from "../cli/cli-error.js";

/** Where a server listens: a TCP host and port, or a unix socket path. */
export type Bind = { kind: "tcp"; host: string; port: number } | { kind: "unix"; path: string };

export const DEFAULT_BIND = "127.0.0.1:8000";

/**
 * `HOST:PORT`, `[IPv6]:PORT`, `:PORT` (all interfaces, as gunicorn), `HOST`
 * (port 8000) or `unix:/path/to.sock`.
 */
export function parseBind(value: string): Bind {
  const bad = () => usageError(`--bind must be HOST:PORT, [IPV6]:PORT or unix:PATH, got "${value}"`);
  if (value.startsWith("unix:")) {
    const path = value.slice(5);
    if (path === "") throw bad();
    return { kind: "unix", path };
  }
  let host: string;
  let port = "8000";
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    if (close === -1) throw bad();
    host = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) throw bad();
      port = rest.slice(1);
    }
  } else {
    const colon = value.lastIndexOf(":");
    if (colon === -1) host = value;
    else {
      if (value.indexOf(":") !== colon) throw bad(); // a bare IPv6 address needs brackets
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
    }
    if (host === "") host = "0.0.0.0";
  }
  if (host === "" || !/^\d{1,5}$/.test(port) || Number(port) > 65535 || /[\s/]/.test(host)) throw bad();
  return { kind: "tcp", host, port: Number(port) };
}

/** `http://127.0.0.1:8000`, `http://[::1]:8000`, `unix:/tmp/app.sock`. */
export function bindUrl(bind: Bind, scheme: "http" | "https" = "http"): string {
  if (bind.kind === "unix") return `unix:${bind.path}`;
  const host = bind.host.includes(":") ? `[${bind.host}]` : bind.host;
  return `${scheme}://${host}:${bind.port}`;
}

export function bindLabel(bind: Bind): string {
  if (bind.kind === "unix") return `unix:${bind.path}`;
  return bind.host.includes(":") ? `[${bind.host}]:${bind.port}` : `${bind.host}:${bind.port}`;
}
