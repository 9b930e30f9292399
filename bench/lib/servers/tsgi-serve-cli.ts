// `tsgi serve` as the CLI runs it: this process is the supervisor (run({ module })), WORKERS
// workers load tsgi-serve-app.mjs (or APP_MODULE, a file next to this one). NODE_CLUSTER_SCHED_POLICY=rr restores node's round-robin.
import { fileURLToPath } from "node:url";
import { run } from "@tsgi/server";

const server = await run({
  module: fileURLToPath(new URL(`./${process.env.APP_MODULE ?? "tsgi-serve-app.mjs"}`, import.meta.url)),
  workers: Number(process.env.WORKERS ?? "1"),
  bind: "127.0.0.1:0",
  logLevel: "warning",
  signals: false,
});
process.send?.({ port: Number(new URL(server.urls[0]!).port) });
const stop = () => void server.close().then(() => process.exit(0));
process.on("disconnect", stop);
process.on("SIGTERM", stop);
