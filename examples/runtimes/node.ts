import { makeServer } from "@tsgi/server";
import { app } from "./app.js";

// Node needs no bridge: the reference server speaks tsgi natively.
const port = Number(process.argv[2] ?? 8000);
const server = makeServer("127.0.0.1", port, app);
await server.listen();
console.log(`listening on ${server.url}`);
