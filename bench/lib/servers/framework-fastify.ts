// Fastify 5 answering the hello bytes of raw-hello.ts (bench:frameworks).
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", (_request, reply) => {
  reply.type("text/plain; charset=utf-8").send("Hello world!\n");
});
const address = await app.listen({ port: 0, host: "127.0.0.1" });
process.send?.({ port: Number(new URL(address).port) });
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
