import { toFetchHandler } from "@tsgi/fetch";
import { app } from "./app.js";

// Cloudflare Workers: `fetch(request, env, ctx)`. The bindings reach the app
// as environ["cloudflare.env"]; the client address as CF-Connecting-IP.
export default {
  fetch: toFetchHandler<[env: unknown, ctx: unknown]>(app, {
    getRemoteAddr: (request) => request.headers.get("cf-connecting-ip") ?? undefined,
    environ: (_request, env, ctx) => ({ "cloudflare.env": env, "cloudflare.ctx": ctx }),
  }),
};
