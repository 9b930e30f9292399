import * as net from "node:net";

/** Sends one raw request and resolves to every byte the server wrote before closing the connection. */
export function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer in 5 s")));
    socket.on("data", (data: string) => (received += data));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
    socket.write(request);
  });
}
