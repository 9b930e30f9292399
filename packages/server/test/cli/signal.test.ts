import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { killChildren, startTsgi } from "./helpers.js";
import { PROMPT_MS } from "../helpers/prompt.js";

afterEach(killChildren);

describe("tsgi serve gives the app tsgi.signal", () => {
  it("aborts it within 100 ms of the client leaving, in a worker process", async () => {
    const tsgi = await startTsgi(["signal-app.ts", "--bind", "127.0.0.1:0"]);
    const { port } = new URL(tsgi.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    socket.on("error", () => {});
    socket.write("GET /wait HTTP/1.1\r\nHost: localhost\r\n\r\n");
    await tsgi.waitFor(/WAITING aborted=false/);
    const from = tsgi.stderr().length;
    const leftAt = performance.now();
    socket.destroy();
    await tsgi.waitFor(/ABORTED the client disconnected/, 5000, from);
    expect(performance.now() - leftAt).toBeLessThan(PROMPT_MS);
  });
});
