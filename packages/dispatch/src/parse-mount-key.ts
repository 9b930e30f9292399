import { utf8ToLatin1 } from "@tsgi/core";

/** One segment of a key's path: a literal, or (with `params`) `:name` / `*`. */
export type KeySegment = { literal: string } | { param: string | undefined };

/** A host key's host: labels lower-cased, `*` for a wildcard label; no port means any port. */
export interface HostPattern {
  labels: string[];
  port: string | undefined;
}

export interface ParsedKey {
  host: HostPattern | undefined;
  segments: KeySegment[];
}

const HOST_KEY = /^(?:https?:)?\/\//i;
const IPV6 = /^(\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;
const NAME = /^([^:[\]]+?)\.?(?::(\d{1,5}))?$/;
const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN_IN_PATH = /[%?#\u0000-\u001f\u007f]/;

function fail(key: string, why: string): never {
  throw new TypeError(`dispatch: mount key ${JSON.stringify(key)} ${why}`);
}

/**
 * Reads a mounts-table key: `/app1`, `/users/:id` (with params), or a host key
 * `http://admin.example.com/`, `//*.example.com:8080/app`. The scheme of a host
 * key is not compared (a TLS-terminating proxy changes it), as in Rack::URLMap.
 */
export function parseMountKey(key: string, params: boolean): ParsedKey {
  const scheme = HOST_KEY.exec(key);
  if (scheme === null) return { host: undefined, segments: parsePath(key, key, params) };
  const rest = key.slice(scheme[0].length);
  const slash = rest.indexOf("/");
  const host = parseHost(key, slash === -1 ? rest : rest.slice(0, slash));
  return { host, segments: parsePath(key, slash === -1 ? "" : rest.slice(slash), params) };
}

function parseHost(key: string, text: string): HostPattern {
  const lower = text.toLowerCase();
  const match = IPV6.exec(lower) ?? NAME.exec(lower);
  if (match === null) fail(key, "has no valid host (expected name, *.name, name:port or [v6]:port)");
  const labels = match[1]!.startsWith("[") ? [match[1]!] : match[1]!.split(".");
  if (!match[1]!.startsWith("[")) {
    for (const label of labels) if (!LABEL.test(label)) fail(key, `has an invalid host label ${JSON.stringify(label)}`);
  }
  const port = match[2] === undefined ? undefined : String(Number(match[2]));
  if (port !== undefined && (port === "0" || Number(port) > 65535)) fail(key, "has a port outside 1-65535");
  return { labels, port };
}

/**
 * Keys are decoded paths, like PATH_INFO, written as text: `/café` is stored
 * as its UTF-8 bytes so it matches the request `/caf%C3%A9`.
 */
function parsePath(key: string, path: string, params: boolean): KeySegment[] {
  if (path !== "" && path[0] !== "/") fail(key, "must be '' or start with '/' (or be a host key '//host/path')");
  if (FORBIDDEN_IN_PATH.test(path)) {
    fail(key, "must be a decoded path without '%', '?', '#' or control characters (write '/a b', not '/a%20b')");
  }
  const parts = utf8ToLatin1(path).split("/").slice(1);
  if (parts[parts.length - 1] === "") parts.pop();
  return parts.map((part) => {
    if (part === "") fail(key, "has an empty segment ('//')");
    if (part === "." || part === "..") fail(key, "has a '.' or '..' segment");
    if (params && part === "*") return { param: undefined };
    if (params && part[0] === ":") {
      const name = part.slice(1);
      // `__proto__` as a key of the named-arguments object would set its prototype.
      if (!PARAM_NAME.test(name) || name === "__proto__") fail(key, `has an invalid parameter name ${JSON.stringify(name)}`);
      return { param: name };
    }
    return { literal: part };
  });
}
