// All three examples in one process:  tsx server.ts  (or  tsgi serve server.ts:app)
//   curl -i http://127.0.0.1:8000/app1            → 308 to /app1/
//   curl -i http://127.0.0.1:8000/eu/shop/         → 303 to /eu/shop/cart
//   curl -H 'Host: acme.example.com' http://127.0.0.1:8000/x
import { pathToFileURL } from "node:url";
import { dispatch } from "@tsgi/dispatch";
import { makeServer } from "@tsgi/server";
import { hosts } from "./hosts.js";
import { shop } from "./links.js";
import { app1, app2 } from "./tutorial.js";

// The tutorial's and the shop's apps side by side, and every other request to the
// host-based dispatcher (a dispatcher is an app, so it can be a fallback or a mount).
export const app = dispatch(
  { "/app1": app1, "/app2": app2, "/shop": shop, "/eu/shop": shop },
  { redirectSlash: 308, fallback: hosts },
);

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const httpd = makeServer("", 8000, app);
  console.log("Serving on http://127.0.0.1:8000 …");
  await httpd.serveForever();
}
