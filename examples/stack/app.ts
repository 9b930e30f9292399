import type { App } from "@tsgi/core";
import { dispatch } from "@tsgi/dispatch";
import { errors } from "@tsgi/errors";
import { compress, rewriteHeaders } from "@tsgi/rewrite";
import { staticFiles } from "@tsgi/static";
import { api } from "./api.js";
import { expressApp, honoApp } from "./frameworks.js";

// A route that fails, to show what production error pages look like.
const broken: App = () => {
  throw new Error("database password is hunter2");
};

const site = dispatch({
  "/api": compress(api),
  "/hono": honoApp,
  "/express": expressApp,
  "/broken": broken,
});

const secured = rewriteHeaders(site, {
  set: { "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer" },
});

// Serve with `tsgi serve app.ts:app --workers 2` from this folder.
export const app = errors(staticFiles(secured, { root: new URL("./public", import.meta.url).pathname }));
