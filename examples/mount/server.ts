import { makeServer } from "@tsgi/server";
import { app, express } from "./app.js";

const server = makeServer("127.0.0.1", Number(process.argv[2] ?? 8000), app);
await server.listen();
console.log(`listening on ${server.url} (try ${server.url}/hono/hello and ${server.url}/express/hello)`);
process.once("SIGINT", () => void Promise.all([server.close(), express.close()]));
