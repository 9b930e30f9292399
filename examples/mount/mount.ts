import { shiftPathInfo } from "@tsgi/core";
import type { App } from "@tsgi/core";

/**
 * A path dispatcher: `/name/rest` goes to `routes.name` with `/name` moved
 * onto SCRIPT_NAME (so the mounted app sees `/rest`); anything else goes to
 * `fallback` untouched.
 */
export function mount(routes: Record<string, App>, fallback: App): App {
  const table = new Map(Object.entries(routes));
  return (environ, startResponse) => {
    const segment = environ.PATH_INFO.split("/")[1];
    const target = segment === undefined ? undefined : table.get(segment);
    if (target === undefined) return fallback(environ, startResponse);
    shiftPathInfo(environ);
    return target(environ, startResponse);
  };
}
