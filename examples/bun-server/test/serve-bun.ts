// bun test/serve-bun.ts — the conformance app on the SPEC-only Bun server, on an ephemeral port.
import { serveTsgi } from "../src/index.js";
import { conformanceApp } from "./conformance-app.js";

const server = serveTsgi(conformanceApp, { hostname: "127.0.0.1", port: 0 });
console.log(`listening on http://127.0.0.1:${server.port}`);
