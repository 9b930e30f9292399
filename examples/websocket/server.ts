// tsx server.ts — a tsgi app and a WebSocket endpoint on one port (SPEC §9.14).
// tsgi has no upgrade key: ws takes the upgraded socket from node's 'upgrade'
// event, and every other request goes to the tsgi app as usual.
import { type App } from "@tsgi/core";
import { makeServer } from "@tsgi/server";
import { WebSocketServer } from "ws";

export const app: App = (environ, startResponse) => {
  const text = new TextEncoder().encode(`plain HTTP at ${environ.PATH_INFO}\n`);
  startResponse("200 OK", [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(text.byteLength)],
  ]);
  return [text];
};

export const server = makeServer("127.0.0.1", Number(process.env.PORT ?? 8000), app);
const sockets = new WebSocketServer({ noServer: true });
sockets.on("connection", (socket) => socket.on("message", (data) => socket.send(`echo: ${String(data)}`)));
server.nodeServer.on("upgrade", (request, socket, head) => {
  if (request.url !== "/ws") return void socket.destroy();
  sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit("connection", ws, request));
});
await server.listen();
console.log(`listening on ${server.url}`);
