// The app both methods benchmark servers answer GET with, and the ten-method
// table around it: not a server itself (methods-bare.ts, methods-table.ts are).
import type { App } from "@tsgi/core";
import { methodOverride, methods } from "@tsgi/methods";

const hello = new TextEncoder().encode("Hello world!\n");

export const bare: App = (_environ, startResponse) => {
  startResponse("200 OK", [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", "13"],
  ]);
  return [hello];
};

const other: App = (_environ, startResponse) => {
  startResponse("204 No Content", []);
  return [];
};

/** Ten methods, GET among them; the rest never run in the benchmark. */
export const table: App = methods({
  GET: bare,
  POST: other,
  PUT: other,
  DELETE: other,
  PATCH: other,
  QUERY: other,
  PROPFIND: other,
  PROPPATCH: other,
  MKCOL: other,
  COPY: other,
});

/** The same table behind methodOverride (a GET is not overridable: one Set lookup). */
export const overridden: App = methodOverride(table);
