// bun test/serve-fetch.ts — the conformance app on Bun.serve through @tsgi/fetch's toFetchHandler, on an ephemeral port.
import { toFetchHandler } from "@tsgi/fetch";
import { conformanceApp } from "./conformance-app.js";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: toFetchHandler<[BunServer]>(conformanceApp, { getRemoteAddr: (request, bun) => bun.requestIP(request)?.address }),
});
console.log(`listening on http://127.0.0.1:${server.port}`);
