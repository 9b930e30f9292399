import { makeServer } from "@tsgi/server";
import { myapp } from "./app.js";

// '' binds 127.0.0.1 only; pass '0.0.0.0' to listen on every interface.
const httpd = makeServer("", 8000, myapp);
await httpd.listen();
console.log("Serving on http://127.0.0.1:8000 … (Ctrl+C to stop)");

process.once("SIGINT", () => void httpd.close({ timeout: 5_000 }));
await httpd.serveForever();
