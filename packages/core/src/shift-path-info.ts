import type { Environ } from "./types.js";

/**
 * Moves the first segment of PATH_INFO onto SCRIPT_NAME and returns it, as
 * wsgiref.util.shift_path_info does: `/app` + `/users/7` → `/app/users` + `/7`,
 * returning `'users'`. Empty and `.` segments inside the path are dropped.
 * Returns `undefined` when PATH_INFO is empty, or the segment is `.`; returns
 * `''` for a trailing slash (`/a` + `/` → `/a/` + `''`).
 *
 * Unlike wsgiref it does not normalise `..` into SCRIPT_NAME: a `..` segment
 * is returned as is, so a dispatcher sees it and can refuse it.
 */
export function shiftPathInfo(environ: Environ): string | undefined {
  const pathInfo = environ.PATH_INFO;
  if (!pathInfo || pathInfo[0] !== "/") return undefined;
  const parts = pathInfo.split("/");
  const last = parts.length - 1;
  const middle = parts.slice(1, last).filter((p) => p !== "" && p !== ".");
  const segments = last >= 1 ? [...middle, parts[last]!] : middle;
  const name = segments.shift() ?? "";
  const scriptName = environ.SCRIPT_NAME;
  if (name === "" && scriptName === "") {
    // Moving a lone "/" would make SCRIPT_NAME "/", which §3.2 forbids.
    return "";
  }
  environ.SCRIPT_NAME = scriptName + "/" + name;
  environ.PATH_INFO = segments.length > 0 ? "/" + segments.join("/") : "";
  return name === "." ? undefined : name;
}
