import { toFetchHandler } from "@tsgi/fetch";
import { app } from "./app.js";

Deno.serve(
  {
    hostname: "127.0.0.1",
    port: Number(Deno.args[0] ?? 8000),
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  },
  toFetchHandler<[DenoServeInfo]>(app, {
    getRemoteAddr: (_request, info) => info.remoteAddr.hostname,
  }),
);
