import type { App, Middleware } from "./types.js";

/**
 * `compose(app, a, b)` is `a(b(app))`: middleware listed first is outermost
 * and sees the request first, in the order the stack reads, as with
 * Express's `app.use`.
 */
export function compose(app: App, ...middleware: Middleware[]): App {
  let wrapped = app;
  for (let i = middleware.length - 1; i >= 0; i--) wrapped = middleware[i]!(wrapped);
  return wrapped;
}
