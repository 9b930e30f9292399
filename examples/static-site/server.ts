import { makeServer } from "@tsgi/server";
import { app } from "./app.js";

const port = Number(process.env.PORT ?? 8000);
const server = makeServer("127.0.0.1", port, app);
await server.listen();
console.log(`static site on ${server.url}/`);
await server.serveForever();
