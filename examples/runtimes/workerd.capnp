# workerd config for the Workers build (dist/worker.js, made by `pnpm build`).
# `workerd serve workerd.capnp --socket-addr http=127.0.0.1:PORT` overrides the address.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .tsgiWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const tsgiWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "dist/worker.js") ],
  compatibilityDate = "2025-01-01",
  # request.signal aborts when the client disconnects (apps can watch environ["fetch.request"].signal).
  compatibilityFlags = ["enable_request_signal"],
);
