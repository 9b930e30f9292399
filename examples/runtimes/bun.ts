import { toFetchHandler } from "@tsgi/fetch";
import { app } from "./app.js";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.argv[2] ?? 8000),
  fetch: toFetchHandler<[BunServer]>(app, {
    getRemoteAddr: (request, bun) => bun.requestIP(request)?.address,
  }),
});
console.log(`listening on http://127.0.0.1:${server.port}`);
